// The benchmark's upstream, in its own process: the fake OpenAI answering at
// once (or after --delay-ms), with a fixed 100 KB of speech audio. Prints
// one JSON line {"url": "<base URL>"} once it listens.
//   node dist/test/bench/fake-upstream.js [--port N] [--delay-ms N]
import type { ServerResponse } from 'node:http';
import { parseArgs } from 'node:util';
import type { Recorded } from '../fakes/fake-server.js';
import { FakeOpenAI } from '../fakes/openai.js';

export const SPEECH_BYTES = 100 * 1024;

/** The fake records every request for tests to inspect; under load that is a leak, so it keeps none. */
class BenchOpenAI extends FakeOpenAI {
  protected override route(rec: Recorded, res: ServerResponse): Promise<void> {
    this.requests.length = 0;
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

const { values } = parseArgs({ options: { port: { type: 'string', default: '0' }, 'delay-ms': { type: 'string', default: '0' } } });
const fake = new BenchOpenAI();
fake.delayMs = Number(values['delay-ms']);
fake.speechBytes = SPEECH_BYTES;
await fake.listen(Number(values.port));
process.stdout.write(`${JSON.stringify({ url: fake.url })}\n`);

const stop = () => void fake.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
