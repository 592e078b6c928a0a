// The pure mappings behind one speaker schema and the new adapters: OpenAI's
// diarize rules (binding api.openai.com only), Deepgram's answer → speakers,
// Gemini's streamed inline audio decoding, and the base64 body it sends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import type { TranscriptionRequest } from '../../core/types.js';
import { diarizedAsk, wireFormat } from '../../providers/openai/diarize.js';
import { readListen } from '../../providers/deepgram/listen.js';
import { inlineAudio, NoAudioError } from '../../providers/gemini/inline-audio.js';
import { inlineBody } from '../../providers/gemini/transcription.js';

const request = (over: Partial<TranscriptionRequest>): TranscriptionRequest => ({
  type: 'transcription',
  model: { provider: 'openai', model: 'whisper-1' },
  fallbacks: [],
  file: { chunks: [Buffer.from('abcd'), Buffer.from('efg'), Buffer.from('h')], size: 8, filename: 'a.wav', contentType: 'audio/wav' },
  response_format: 'json',
  stream: false,
  providerOptions: {},
  extra: {},
  ...over,
});

test('OpenAI: diarize on a model that cannot is a 400 on OpenAI itself; the diarizing model asks diarized_json', () => {
  assert.throws(() => diarizedAsk(request({ diarize: true }), true), (e: Error & { param?: string }) => e.param === 'diarize' && /gpt-4o-transcribe-diarize/.test(e.message));
  assert.equal(diarizedAsk(request({ diarize: true }), false).diarize, true, 'a compatible server gets the field');
  const asked = diarizedAsk(request({ model: { provider: 'openai', model: 'gpt-4o-transcribe-diarize' }, diarize: true, response_format: 'srt' }), true);
  assert.equal(asked.diarize, undefined);
  assert.deepEqual(asked.extra, { chunking_strategy: 'auto' });
  assert.equal(wireFormat(request({ model: { provider: 'openai', model: 'gpt-4o-transcribe-diarize' }, response_format: 'vtt' })), 'diarized_json');
});

test('Deepgram: speakers numbered as speaker_N on words and utterances; an answer without a transcript is none', () => {
  const t = readListen({
    metadata: { duration: 2 },
    results: {
      channels: [{ alternatives: [{ transcript: 'Hi. Yes.', words: [{ word: 'hi', punctuated_word: 'Hi.', start: 0, end: 0.5, speaker: 0 }, { word: 'yes', start: 1, end: 1.5, speaker: 1 }] }] }],
      utterances: [{ start: 0, end: 0.5, transcript: 'Hi.', speaker: 0 }],
    },
  });
  assert.deepEqual(t?.words, [{ word: 'Hi.', start: 0, end: 0.5, speaker: 'speaker_0' }, { word: 'yes', start: 1, end: 1.5, speaker: 'speaker_1' }]);
  assert.deepEqual(t?.segments, [{ start: 0, end: 0.5, text: 'Hi.', speaker: 'speaker_0' }]);
  assert.equal(readListen({ results: { channels: [] } }), undefined);
});

const collect = async (gen: AsyncIterable<Buffer>) => {
  const out: Buffer[] = [];
  for await (const b of gen) out.push(b);
  return Buffer.concat(out);
};

test('Gemini: inline audio decoded across any chunk boundaries; no inlineData is NoAudioError', async () => {
  const pcm = Buffer.from(Array.from({ length: 1001 }, (_, i) => i & 0xff));
  const json = JSON.stringify({ candidates: [{ content: { parts: [{ inlineData: { mimeType: 'audio/L16;codec=pcm;rate=24000', data: pcm.toString('base64') } }] } }] });
  for (const size of [1, 3, 7, 64, 5000]) {
    const pieces: Buffer[] = [];
    for (let i = 0; i < json.length; i += size) pieces.push(Buffer.from(json.slice(i, i + size)));
    assert.ok((await collect(inlineAudio(Readable.from(pieces)))).equals(pcm), `chunks of ${size}`);
  }
  await assert.rejects(collect(inlineAudio(Readable.from([Buffer.from('{"promptFeedback":{"blockReason":"SAFETY"}}')]))), NoAudioError);
});

test('Gemini: the inline body is valid JSON whose data is the audio, its length announced exactly', async () => {
  const req = request({ model: { provider: 'gemini', model: 'gemini-2.5-flash' } });
  const { length, body } = inlineBody(req);
  const bytes = await collect(body());
  assert.equal(bytes.length, length);
  const parsed = JSON.parse(bytes.toString('utf8')) as { contents: Array<{ parts: Array<{ inlineData?: { data: string } }> }> };
  assert.equal(Buffer.from(parsed.contents[0]!.parts[1]!.inlineData!.data, 'base64').toString(), 'abcdefgh');
});
