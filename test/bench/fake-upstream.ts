// The benchmark's upstream, in its own process: the fake OpenAI answering at
// once (or after --delay-ms), with 100 KB of speech audio (or --speech-bytes),
// and a 404 model_not_found for models named nope-… (the metrics flood).
// Prints one JSON line {"url": "<base URL>"} once it listens.
//   node dist/test/bench/fake-upstream.js [--port N] [--delay-ms N] [--speech-bytes N]
import type { ServerResponse } from 'node:http';
import { parseArgs } from 'node:util';
import type { Recorded } from '../fakes/fake-server.js';
import { FakeOpenAI, openAIError } from '../fakes/openai.js';
import { sendJson } from '../fakes/fake-server.js';
import { LongFakeOpenAI } from '../fakes/long-openai.js';

export const SPEECH_BYTES = 100 * 1024;

/** The fake records every request for tests to inspect; under load that is a leak, so it keeps none. */
class BenchOpenAI extends FakeOpenAI {
  protected override route(rec: Recorded, res: ServerResponse): Promise<void> {
    this.requests.length = 0;
    const model = (rec.json as { model?: unknown } | undefined)?.model ?? rec.fields.model?.[0];
    if (typeof model === 'string' && model.startsWith('nope-')) {
      sendJson(res, 404, openAIError(`The model '${model}' does not exist or you do not have access to it.`, 'model_not_found'));
      return Promise.resolve();
    }
    return super.route(rec, res);
  }
}

// The fake reads each body before answering; a client that hangs up mid-upload (autocannon
// stops a run with uploads half sent) rejects that read. Under load that is normal: not a crash.
process.on('unhandledRejection', (err) => {
  if ((err as NodeJS.ErrnoException).code === 'ECONNRESET') return;
  process.stderr.write(`fake upstream: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});

/** --long: OpenAI's real limits (25 MB bodies, 4,096 characters), real mp3 speech, chunk-relative timestamps. */
class BenchLongOpenAI extends LongFakeOpenAI {
  protected override route(rec: Recorded, res: ServerResponse): Promise<void> {
    this.requests.length = 0;
    this.chunkSeconds.length = 0;
    this.speechSeconds.length = 0;
    return super.route(rec, res);
  }
}

const { values } = parseArgs({
  options: { port: { type: 'string', default: '0' }, 'delay-ms': { type: 'string', default: '0' }, 'speech-bytes': { type: 'string', default: String(SPEECH_BYTES) }, long: { type: 'boolean', default: false } },
});
const fake = values.long ? new BenchLongOpenAI() : new BenchOpenAI();
fake.delayMs = Number(values['delay-ms']);
fake.speechBytes = Number(values['speech-bytes']);
await fake.listen(Number(values.port));
process.stdout.write(`${JSON.stringify({ url: fake.url })}\n`);

const stop = () => void fake.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
