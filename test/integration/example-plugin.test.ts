// The example plugin users copy (config/examples/plugins/redact-pii.js),
// loaded by path as a user would, with its options validated.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { FakeOpenAI } from '../fakes/openai.js';
import { fakeAudio } from '../fakes/audio.js';
import { compiledTestDir, startGateway, type TestGateway } from '../helpers/gateway.js';
import { expectError, upload } from '../helpers/http.js';
import { startupProblems } from '../helpers/startup.js';

const EXAMPLE = path.resolve(compiledTestDir, '..', '..', 'config', 'examples', 'plugins', 'redact-pii.js');
let fake: FakeOpenAI;
let gw: TestGateway;

before(async () => {
  fake = await FakeOpenAI.start();
  gw = await startGateway({ providers: { openai: { base_url: fake.url } }, plugins: [{ path: EXAMPLE, replacement: '***' }, { name: 'cache' }] });
});
after(async () => {
  await gw.close();
  await fake.close();
});
beforeEach(() => {
  fake.reset();
  fake.transcript = 'Mail jane.doe@example.com or call +49 30 1234567 today.';
});

const transcribe = (fields: Record<string, string>) => upload(`${gw.url}/v1/audio/transcriptions`, { fields: { model: 'openai/whisper-1', ...fields }, file: { bytes: fakeAudio('mp3', 1000) } });

test('the transcript reaches the client redacted, in JSON and in subtitles', async () => {
  const json = (await (await transcribe({})).json()) as { text: string; extra_fields: { provider: string } };
  assert.equal(json.text, 'Mail *** or call *** today.');
  assert.equal(json.extra_fields.provider, 'openai');
  const verbose = (await (await upload(`${gw.url}/v1/audio/transcriptions`, { fields: { model: 'openai/whisper-1', response_format: 'verbose_json', 'timestamp_granularities[]': ['word', 'segment'] }, file: { bytes: fakeAudio('mp3', 1000) } })).json()) as { segments: Array<{ text: string }>; words?: unknown };
  assert.equal(verbose.segments[0]!.text, ' Mail *** or call *** today.');
  assert.equal(verbose.words, undefined);
  assert.match(await (await transcribe({ response_format: 'srt' })).text(), /^1\n.*\nMail \*\*\* or call \*\*\* today\.\n/);
});

test('streamed transcripts are refused with a clear 400, before any upstream call', async () => {
  const body = await expectError(await transcribe({ stream: 'true' }), 400, 'redaction_needs_whole_transcript');
  assert.equal(body.error.param, 'stream');
  assert.equal(fake.requests.length, 0);
});

test('bad options stop start-up, naming the plugin entry and the key', async () => {
  const found = await startupProblems({ providers: { openai: { base_url: fake.url } }, plugins: [{ path: EXAMPLE, kinds: ['ssn'], colour: 'red' }] });
  assert.match(found.get('plugins[0].kinds[0]')!, /one of "email", "phone"/);
  assert.match(found.get('plugins[0].colour')!, /not a known key/);
});
