// One speaker schema: the gateway's `diarize` field on OpenAI's diarizing
// model (diarized_json asked, rendered into verbose_json, srt and vtt with
// speakers), refused before any call on an OpenAI model that cannot
// diarize, passed as a field to an OpenAI-compatible server, and refused on
// a provider without speakers. (Deepgram, ElevenLabs and Mistral: their own tests.)
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { fakeAudio } from '../fakes/audio.js';
import { FakeOpenAI } from '../fakes/openai.js';
import { FakeGemini } from '../fakes/gemini.js';
import { expectError, upload } from '../helpers/http.js';
import { startGateway, type TestGateway } from '../helpers/gateway.js';

let openai: FakeOpenAI;
let gemini: FakeGemini;
let gw: TestGateway;

before(async () => {
  [openai, gemini] = await Promise.all([FakeOpenAI.start(), FakeGemini.start()]);
  openai.transcript = 'Hello there. How are you today?';
  gw = await startGateway({
    providers: {
      // An OpenAI-compatible instance: OpenAI's own model rules bind only api.openai.com (see test/unit/speaker-schema.test.ts).
      compat: { type: 'openai', base_url: openai.url },
      gemini: { base_url: gemini.origin },
    },
    plugins: [],
  });
});
after(async () => {
  await gw?.close();
  await Promise.all([openai?.close(), gemini?.close()]);
});
beforeEach(() => [openai, gemini].forEach((f) => f.reset()));

const audio = fakeAudio('mp3', 20_000);
const transcribe = (fields: Record<string, string>) => upload(`${gw.url}/v1/audio/transcriptions`, { fields, file: { bytes: audio, filename: 'a.mp3', type: 'audio/mpeg' } });

test('the diarizing model: diarized_json asked for verbose_json, segments keep their speakers', async () => {
  const res = await transcribe({ model: 'compat/gpt-4o-transcribe-diarize', response_format: 'verbose_json', diarize: 'true' });
  assert.equal(res.status, 200, await res.clone().text());
  const body = (await res.json()) as { segments: unknown[]; text: string };
  assert.deepEqual(body.segments, [
    { id: 0, start: 0, end: 1, text: 'Hello there.', speaker: 'A' },
    { id: 1, start: 1, end: 3, text: 'How are you today?', speaker: 'B' },
  ]);
  const up = openai.last;
  assert.deepEqual(up.fields.response_format, ['diarized_json']);
  assert.deepEqual(up.fields.chunking_strategy, ['auto']);
  assert.equal(up.fields.diarize, undefined, 'diarize is no OpenAI field');
});

test('srt and vtt from diarized_json; vtt names the speakers; json stays json', async () => {
  const vtt = await (await transcribe({ model: 'compat/gpt-4o-transcribe-diarize', response_format: 'vtt' })).text();
  assert.equal(vtt, 'WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n<v A>Hello there.\n\n00:00:01.000 --> 00:00:03.000\n<v B>How are you today?\n\n');
  const json = (await (await transcribe({ model: 'compat/gpt-4o-transcribe-diarize' })).json()) as { text: string };
  assert.equal(json.text, openai.transcript);
  assert.deepEqual(openai.last.fields.response_format, ['json']);
});

test('an OpenAI-compatible server gets diarize as a field; a provider without speakers refuses it before any call', async () => {
  await (await transcribe({ model: 'compat/whisper-1', diarize: 'true' })).arrayBuffer();
  assert.deepEqual(openai.last.fields.diarize, ['true']);
  const body = await expectError(await transcribe({ model: 'gemini/gemini-2.5-flash', diarize: 'true' }), 400, 'unsupported_by_provider');
  assert.equal(body.error.param, 'diarize');
  assert.equal(gemini.requests.length, 0);
});
