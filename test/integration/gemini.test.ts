// Gemini through the gateway, against the fake written from Google's
// reference: the exact generateContent calls (path, x-goog-api-key, body),
// pcm as sent, wav with a correct header, mp3 through ffmpeg and a clear 400
// naming wav/pcm without it, two speakers, the voice map, transcription with
// inline audio and through the Files API, and Google's errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fakeAudio, sha256 } from '../fakes/audio.js';
import { FakeGemini, geminiError } from '../fakes/gemini.js';
import { expectError, postJson, upload } from '../helpers/http.js';
import { withFakeGateway } from '../helpers/setup.js';

const KEY = 'AIza-gemini-upstream-0123456789';
const setup = withFakeGateway(
  () => FakeGemini.start({ apiKey: KEY }),
  (fake) => ({ providers: { gemini: { base_url: fake.origin, keys: [{ value: KEY }] } }, plugins: [{ name: 'logging' }] }),
);

const TTS = 'gemini/gemini-2.5-flash-preview-tts';
const speak = (body: Record<string, unknown>) => postJson(`${setup.gw.url}/v1/audio/speech`, { model: TTS, input: 'Hello there.', voice: 'Kore', ...body });
const pcm = () => fakeAudio('pcm', setup.fake.speechBytes);

test('pcm: the exact generateContent call, and Gemini’s PCM byte for byte', async () => {
  const res = await speak({ response_format: 'pcm', instructions: 'Say cheerfully', language_code: 'en-US' });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'audio/pcm');
  assert.ok(Buffer.from(await res.arrayBuffer()).equals(pcm()));
  const up = setup.fake.last;
  assert.equal(up.path, '/v1beta/models/gemini-2.5-flash-preview-tts:generateContent');
  assert.equal(up.headers['x-goog-api-key'], KEY);
  assert.deepEqual(up.json, {
    contents: [{ role: 'user', parts: [{ text: 'Say cheerfully: Hello there.' }] }],
    generationConfig: { responseModalities: ['AUDIO'], speechConfig: { voiceConfig: { prebuiltVoiceConfig: { voiceName: 'Kore' } }, languageCode: 'en-US' } },
  });
});

test('wav: a correct RIFF header (24 kHz, 16-bit, mono, the data length) before the PCM', async () => {
  const bytes = Buffer.from(await (await speak({ response_format: 'wav' })).arrayBuffer());
  assert.equal(bytes.toString('ascii', 0, 4), 'RIFF');
  assert.equal(bytes.readUInt32LE(4), 36 + setup.fake.speechBytes);
  assert.equal(bytes.toString('ascii', 8, 16), 'WAVEfmt ');
  assert.equal(bytes.readUInt16LE(20), 1);
  assert.equal(bytes.readUInt16LE(22), 1);
  assert.equal(bytes.readUInt32LE(24), 24_000);
  assert.equal(bytes.readUInt16LE(34), 16);
  assert.equal(bytes.readUInt32LE(40), setup.fake.speechBytes);
  assert.ok(bytes.subarray(44).equals(pcm()));
});

test('mp3 is transcoded by ffmpeg; without ffmpeg it is a 400 naming wav and pcm, before any call', async () => {
  const mp3 = Buffer.from(await (await speak({ response_format: 'mp3' })).arrayBuffer());
  assert.ok(mp3.length > 100);
  assert.ok(mp3.toString('latin1', 0, 3) === 'ID3' || (mp3[0] === 0xff && (mp3[1]! & 0xe0) === 0xe0), 'an MP3 stream');
  setup.fake.reset();
  const saved = process.env.PATH;
  process.env.PATH = '/nonexistent-bin'; // the gateway runs in this process: a PATH without ffmpeg
  try {
    const body = await expectError(await speak({ response_format: 'opus' }), 400, 'unsupported_by_provider');
    assert.equal(body.error.param, 'response_format');
    assert.match(body.error.message, /Ask for wav or pcm/);
  } finally {
    process.env.PATH = saved;
  }
  assert.equal(setup.fake.requests.length, 0);
});

test('two speakers: multiSpeakerVoiceConfig with each speaker’s voice; three are refused', async () => {
  const voice = [{ speaker: 'Joe', voice: 'Kore' }, { speaker: 'Jane', voice: 'alloy' }];
  const res = await speak({ input: 'Joe: Hi!\nJane: Hello.', voice, response_format: 'pcm' });
  assert.equal(res.status, 200, await res.clone().text());
  await res.arrayBuffer();
  const config = (setup.fake.last.json as { generationConfig: { speechConfig: unknown } }).generationConfig.speechConfig;
  assert.deepEqual(config, {
    multiSpeakerVoiceConfig: {
      speakerVoiceConfigs: [
        { speaker: 'Joe', voiceConfig: { prebuiltVoiceConfig: { voiceName: 'Kore' } } },
        { speaker: 'Jane', voiceConfig: { prebuiltVoiceConfig: { voiceName: 'Kore' } } },
      ],
    },
  });
  setup.fake.reset();
  await expectError(await speak({ voice: [...voice, { speaker: 'Max', voice: 'Puck' }] }), 400, 'unsupported_by_provider');
  assert.equal(setup.fake.requests.length, 0);
});

test('voices: alloy maps to Kore; a voice Gemini lacks is a 400 naming its voices, before any call', async () => {
  await (await speak({ voice: 'nova', response_format: 'pcm' })).arrayBuffer();
  assert.equal((setup.fake.last.json as { generationConfig: { speechConfig: { voiceConfig: { prebuiltVoiceConfig: { voiceName: string } } } } }).generationConfig.speechConfig.voiceConfig.prebuiltVoiceConfig.voiceName, 'Leda');
  setup.fake.reset();
  const body = await expectError(await speak({ voice: 'aura-2-thalia-en' }), 400, 'unknown_voice');
  assert.match(body.error.message, /its voices are Zephyr, Puck, Charon, Kore/);
  assert.equal(setup.fake.requests.length, 0);
});

const transcribe = (bytes: Buffer, fields: Record<string, string> = {}) =>
  upload(`${setup.gw.url}/v1/audio/transcriptions`, { fields: { model: 'gemini/gemini-2.5-flash', ...fields }, file: { bytes, filename: 'talk.mp3', type: 'audio/mpeg' } });

test('transcription: an instruction and the audio as inlineData, decoded to the very bytes sent', async () => {
  const audio = fakeAudio('mp3', 100_001);
  const res = await transcribe(audio, { language: 'en', prompt: 'Voxgate', temperature: '0.1' });
  assert.equal(res.status, 200);
  assert.equal(((await res.json()) as { text: string }).text, setup.fake.transcript);
  const up = setup.fake.last;
  assert.equal(up.path, '/v1beta/models/gemini-2.5-flash:generateContent');
  const body = up.json as { contents: Array<{ parts: Array<{ text?: string; inlineData?: { mimeType: string } }> }>; generationConfig: unknown };
  assert.match(body.contents[0]!.parts[0]!.text!, /^Transcribe this audio verbatim\./);
  assert.match(body.contents[0]!.parts[0]!.text!, /"en"[\s\S]*Voxgate/);
  assert.equal(body.contents[0]!.parts[1]!.inlineData!.mimeType, 'audio/mp3');
  assert.deepEqual(body.generationConfig, { temperature: 0.1 });
  assert.equal(sha256(setup.fake.lastAudio!), sha256(audio));
  assert.equal(await (await transcribe(audio, { response_format: 'text' })).text(), `${setup.fake.transcript}\n`);
});

test('past the inline limit the audio goes through the Files API and is named as fileData', async () => {
  const big = fakeAudio('mp3', 16 * 1024 * 1024);
  const res = await transcribe(big);
  assert.equal(res.status, 200, await res.clone().text());
  const [start, finalize, generate] = setup.fake.requests;
  assert.equal(start!.path, '/upload/v1beta/files');
  assert.equal(start!.headers['x-goog-upload-command'], 'start');
  assert.equal(start!.headers['x-goog-upload-header-content-length'], String(big.length));
  assert.equal(finalize!.headers['x-goog-upload-command'], 'upload, finalize');
  assert.equal(generate!.path, '/v1beta/models/gemini-2.5-flash:generateContent');
  assert.equal(sha256(setup.fake.lastAudio!), sha256(big));
});

test('verbose_json, srt and vtt are refused before any call (Gemini gives no timings); Google’s errors keep their status', async () => {
  for (const format of ['verbose_json', 'srt', 'vtt']) {
    assert.equal((await expectError(await transcribe(fakeAudio('mp3', 1000), { response_format: format }), 400, 'unsupported_by_provider')).error.param, 'response_format');
  }
  assert.equal(setup.fake.requests.length, 0);
  setup.fake.fail({ status: 429, body: geminiError(429, 'Resource has been exhausted (e.g. check quota).', 'RESOURCE_EXHAUSTED') });
  const body = await expectError(await speak({}), 429, 'RESOURCE_EXHAUSTED');
  assert.equal(body.is_bifrost_error, false);
  assert.ok(!setup.gw.logs.text.includes(KEY));
});
