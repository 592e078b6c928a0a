// Runs the fake upstreams on fixed ports, for trying the gateway by hand
// without vendor accounts:  npm run fake-upstream
//   OpenAI-compatible:  http://127.0.0.1:9090/v1   (any key accepted)
import { FakeOpenAI } from './openai.js';

const port = Number(process.env.FAKE_OPENAI_PORT ?? 9090);
const openai = await new FakeOpenAI().listen(port).catch((err: Error) => {
  process.stderr.write(`cannot start the fake OpenAI on port ${port}: ${err.message} (set FAKE_OPENAI_PORT)\n`);
  process.exit(1);
});
process.stdout.write(`fake OpenAI listening on ${openai.url}\n`);
process.stdout.write(`start the gateway with:  OPENAI_BASE_URL=${openai.url} OPENAI_API_KEY=sk-fake npm start\n`);

const stop = () => void openai.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
