// README.md's "Realtime transcription" client, run as written against the
// gateway with the OpenAI, Deepgram and ElevenLabs realtime fakes: the same
// file, only the model on its command line changes. Only the gateway's
// origin is swapped for a free port.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { fakeDeepgramLive, fakeElevenLabsRealtime, fakeOpenAIRealtime, type RealtimeFake } from '../fakes/realtime-vendors.js';
import { compiledTestDir, startGateway, type TestGateway } from '../helpers/gateway.js';
import { pcmBase64, realtimeProviders } from '../helpers/realtime.js';

const run = promisify(execFile);
const repoRoot = path.resolve(compiledTestDir, '..', '..');
// In dist/test, so `import WebSocket from 'ws'` resolves from the repository's node_modules.
const script = path.join(compiledTestDir, 'readme-realtime-live.mjs');
const audio = path.join(compiledTestDir, 'readme-realtime-speech.pcm');
const fakes: RealtimeFake[] = [];
let gw: TestGateway;

function clientFromReadme(): string {
  const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Realtime transcription\n');
  assert.ok(start >= 0, 'README has "## Realtime transcription"');
  const block = /```js\n([\s\S]*?)```/.exec(readme.slice(start))?.[1];
  assert.ok(block, 'the section has a js block');
  const lines = block.trim().split('\n');
  assert.ok(lines.length <= 25, `the client is ${lines.length} lines`);
  return block;
}

before(async () => {
  const [openai, deepgram, elevenlabs] = await Promise.all([fakeOpenAIRealtime(), fakeDeepgramLive(), fakeElevenLabsRealtime()]);
  fakes.push(openai, deepgram, elevenlabs);
  gw = await startGateway({ auth: { required: false }, providers: realtimeProviders({ openai: openai.url, deepgram: deepgram.url, elevenlabs: elevenlabs.url }) });
  writeFileSync(script, clientFromReadme().replace('ws://127.0.0.1:8080', gw.url.replace(/^http/, 'ws')));
  writeFileSync(audio, Buffer.from(pcmBase64(0.5), 'base64'));
});
after(async () => {
  await gw.close();
  for (const fake of fakes) await fake.close();
  rmSync(script, { force: true });
  rmSync(audio, { force: true });
});

for (const [model, words] of [
  ['openai/gpt-4o-transcribe', 'hello from openai'],
  ['deepgram/nova-3', 'hello from deepgram'],
  ['elevenlabs/scribe_v2_realtime', 'hello from elevenlabs'],
] as const) {
  test(`the README client prints the transcript from ${model}`, async () => {
    const { stdout, stderr } = await run(process.execPath, [script, model, audio], { timeout: 20_000 });
    assert.equal(stderr, '');
    assert.equal(stdout, `${words}\n`);
  });
}
