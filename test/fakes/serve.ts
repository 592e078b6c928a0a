// Runs the fake upstreams on fixed ports, for trying the gateway by hand
// without vendor accounts:  npm run fake-upstream
//   OpenAI-compatible:  http://127.0.0.1:9090/v1   (any key accepted)
//   ElevenLabs:         http://127.0.0.1:9091      (any key accepted)
import { FakeElevenLabs } from './elevenlabs.js';
import type { FakeServer } from './fake-server.js';
import { FakeOpenAI } from './openai.js';

async function start<T extends FakeServer>(fake: T, name: string, variable: string, fallback: number): Promise<T> {
  const port = Number(process.env[variable] ?? fallback);
  return fake.listen(port).catch((err: Error) => {
    process.stderr.write(`cannot start the fake ${name} on port ${port}: ${err.message} (set ${variable})\n`);
    process.exit(1);
  });
}

const openai = await start(new FakeOpenAI(), 'OpenAI', 'FAKE_OPENAI_PORT', 9090);
const elevenlabs = await start(new FakeElevenLabs(), 'ElevenLabs', 'FAKE_ELEVENLABS_PORT', 9091);
process.stdout.write(`fake OpenAI listening on ${openai.url}\n`);
process.stdout.write(`fake ElevenLabs listening on ${elevenlabs.url} (voice ids: ${[...elevenlabs.voices].join(', ')})\n`);
process.stdout.write(`start the gateway with:  OPENAI_BASE_URL=${openai.url} OPENAI_API_KEY=sk-fake npm start\n`);
process.stdout.write(`for ElevenLabs add to the config:  providers: {elevenlabs: {base_url: ${elevenlabs.url}, keys: [{value: fake}]}}\n`);

const stop = () => void Promise.all([openai.close(), elevenlabs.close()]).then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
