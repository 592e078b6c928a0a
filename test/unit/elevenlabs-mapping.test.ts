// The ElevenLabs adapter's pure mappings: speech calls, dialogue scripts,
// output formats, the transcript in OpenAI's shapes, and the error shapes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dialogueInputs } from '../../providers/elevenlabs/dialogue.js';
import { elevenLabsErrorDetail } from '../../providers/elevenlabs/errors.js';
import { outputFormatFor, type ElevenLabsSettings } from '../../providers/elevenlabs/settings.js';
import { latencyLevel, speechCall } from '../../providers/elevenlabs/speech.js';
import { languageName, readTranscript, toVerbose, transcriptionBody, type ElevenLabsTranscript } from '../../providers/elevenlabs/transcript.js';
import { transcriptionCall } from '../../providers/elevenlabs/transcription.js';
import { JsonPayload } from '../../core/json-payload.js';
import type { SpeechRequest, TranscriptionRequest } from '../../core/types.js';
import { ParamCatalog } from '../../core/params/catalog.js';
import { ignoredParams } from '../../core/params/ignored.js';
import elevenlabs from '../../providers/elevenlabs/index.js';

const catalog = new ParamCatalog([elevenlabs]);
const reported = (req: SpeechRequest | TranscriptionRequest): string[] => ignoredParams(elevenlabs, req, catalog).map((w) => w.param);

const settings: ElevenLabsSettings = { base_url: 'https://api.elevenlabs.io', voices: { alloy: 'VOICE_ALLOY' }, output_formats: { wav: 'wav_44100' } };

const speech = (over: Partial<SpeechRequest>): SpeechRequest => ({
  type: 'speech',
  model: { provider: 'elevenlabs', model: 'eleven_v3' },
  fallbacks: [],
  input: 'Hi',
  voice: 'alloy',
  response_format: 'mp3',
  providerOptions: {},
  extra: {},
  ...over,
});
/** ElevenLabs' own params, where the request builder puts them. */
const own = (params: Record<string, unknown>): Pick<SpeechRequest, 'providerOptions'> => ({ providerOptions: { elevenlabs: params } });

test('output formats: the defaults, a configured override, and a request variant of the same codec', () => {
  assert.equal(outputFormatFor('mp3', settings, undefined), 'mp3_44100_128');
  assert.equal(outputFormatFor('opus', settings, undefined), 'opus_48000_128');
  assert.equal(outputFormatFor('pcm', settings, undefined), 'pcm_24000');
  assert.equal(outputFormatFor('wav', { base_url: '' }, undefined), 'wav_24000');
  assert.equal(outputFormatFor('wav', settings, undefined), 'wav_44100', 'output_formats: overrides the default');
  assert.equal(outputFormatFor('pcm', settings, 'pcm_16000'), 'pcm_16000');
  assert.throws(() => outputFormatFor('pcm', settings, 'wav_16000'), /pcm format such as pcm_24000/);
  assert.throws(() => outputFormatFor('pcm', settings, 16000), /output_format must be/);
});

test('optimize_streaming_latency: levels pass through, true is 3 and false is 0', () => {
  assert.deepEqual([latencyLevel(0), latencyLevel(4), latencyLevel(true), latencyLevel(false)], [0, 4, 3, 0]);
});

test('one voice: path, query and body; voice_settings from extra keep their keys beside speed', () => {
  const call = speechCall(speech({ voice: 'a/b c', speed: 0.9, extra: { voice_settings: { style: 0.2 }, next_text: 'Bye' }, ...own({ with_timestamps: true }) }), settings);
  assert.equal(call.path, '/v1/text-to-speech/a%2Fb%20c/with-timestamps');
  assert.equal(call.query.toString(), 'output_format=mp3_44100_128');
  assert.deepEqual(call.body, { voice_settings: { style: 0.2, speed: 0.9 }, next_text: 'Bye', model_id: 'eleven_v3', text: 'Hi' });
  assert.deepEqual(call.ignored, []);
  assert.equal(speechCall(speech({}), settings).path, '/v1/text-to-speech/VOICE_ALLOY/stream');
  assert.throws(() => speechCall(speech({ voice: '.' }), settings), /"\." is not a voice/);
});

test('several speakers: text-to-dialogue, with what it cannot take reported', () => {
  const call = speechCall(
    speech({ voice: [{ speaker: 'A', voice: 'alloy' }, { speaker: 'B', voice: 'raw' }], input: 'A: one\nB: two', speed: 2, ...own({ optimize_streaming_latency: 1, enable_logging: true }) }),
    settings,
  );
  // instructions is the gateway's to report (not in accepts.shared); text-to-dialogue's own gaps are the adapter's.
  assert.deepEqual(reported(speech({ instructions: 'calm', ...own({ optimize_streaming_latency: 1 }) })), ['instructions']);
  assert.equal(call.path, '/v1/text-to-dialogue/stream');
  assert.equal(call.query.toString(), 'output_format=mp3_44100_128&enable_logging=true');
  assert.deepEqual(call.body.inputs, [{ text: 'one', voice_id: 'VOICE_ALLOY' }, { text: 'two', voice_id: 'raw' }]);
  assert.deepEqual(call.ignored, ['speed', 'optimize_streaming_latency']);
});

test('dialogue scripts: blank lines skipped, colons in the text kept, bad scripts refused with how to write them', () => {
  const cast = [{ speaker: ' Ann ', voice: 'v1' }, { speaker: 'Bo', voice: 'v2' }];
  const same = (v: string) => v;
  assert.deepEqual(dialogueInputs('\n Ann : at 9:30, ok?\r\n\r\nBo:fine\n', cast, same), [{ text: 'at 9:30, ok?', voice_id: 'v1' }, { text: 'fine', voice_id: 'v2' }]);
  assert.throws(() => dialogueInputs('Ann:', cast, same), /Line 1 of input is not "Speaker: text"/);
  assert.throws(() => dialogueInputs('Cy: hi', cast, same), /speaker "Cy", who has no voice; the speakers in voice are "Ann", "Bo"/);
  assert.throws(() => dialogueInputs(' \n ', cast, same), /holds no dialogue lines/);
  assert.throws(() => dialogueInputs('Ann: hi', [...cast, { speaker: 'Ann', voice: 'v3' }], same), /"Ann" is listed twice/);
});

const words: ElevenLabsTranscript['words'] = [
  { text: 'Hi', start: 0, end: 0.3, type: 'word', speaker_id: 'speaker_0' },
  { text: ' ', start: 0.3, end: 0.4, type: 'spacing', speaker_id: 'speaker_0' },
  { text: '(laughter)', start: 0.4, end: 1.2, type: 'audio_event', speaker_id: 'speaker_0' },
  { text: ' ', start: 1.2, end: 3.5, type: 'spacing' },
  { text: 'Yes.', start: 3.5, end: 4, type: 'word', speaker_id: 'speaker_1' },
];
const transcript: ElevenLabsTranscript = { language_code: 'eng', language_probability: 0.9, text: 'Hi (laughter) Yes.', words };

test('the verbose transcript: spacing dropped, audio events kept in cues but not in words, speakers kept', () => {
  assert.deepEqual(toVerbose(transcript), {
    text: 'Hi (laughter) Yes.',
    language: 'english',
    duration: 4,
    segments: [
      { start: 0, end: 1.2, text: 'Hi (laughter)', speaker: 'speaker_0' },
      { start: 3.5, end: 4, text: 'Yes.', speaker: 'speaker_1' },
    ],
    words: [
      { word: 'Hi', start: 0, end: 0.3, speaker: 'speaker_0' },
      { word: 'Yes.', start: 3.5, end: 4, speaker: 'speaker_1' },
    ],
  });
  const untimed = toVerbose({ ...transcript, words: words.map(({ start: _s, end: _e, ...w }) => w) });
  assert.deepEqual([untimed.segments, untimed.words, untimed.duration], [[], [], 0]);
});

test('every format from one transcript', () => {
  assert.deepEqual((transcriptionBody(transcript, 'json') as JsonPayload).value, { text: 'Hi (laughter) Yes.' });
  const verbose = (transcriptionBody(transcript, 'verbose_json') as JsonPayload).value;
  assert.deepEqual(verbose.segments, [
    { id: 0, start: 0, end: 1.2, text: 'Hi (laughter)', speaker: 'speaker_0' },
    { id: 1, start: 3.5, end: 4, text: 'Yes.', speaker: 'speaker_1' },
  ]);
  // One speaker schema: words carry their speaker in verbose_json, as segments do.
  assert.deepEqual(verbose.words, [{ word: 'Hi', start: 0, end: 0.3, speaker: 'speaker_0' }, { word: 'Yes.', start: 3.5, end: 4, speaker: 'speaker_1' }]);
  assert.equal(transcriptionBody(transcript, 'text'), 'Hi (laughter) Yes.\n');
  assert.equal(transcriptionBody(transcript, 'srt'), '1\n00:00:00,000 --> 00:00:01,200\nHi (laughter)\n\n2\n00:00:03,500 --> 00:00:04,000\nYes.\n\n');
  assert.equal(transcriptionBody(transcript, 'vtt'), 'WEBVTT\n\n00:00:00.000 --> 00:00:01.200\n<v speaker_0>Hi (laughter)\n\n00:00:03.500 --> 00:00:04.000\n<v speaker_1>Yes.\n\n');
});

test('answers: one transcript, per-channel transcripts merged in time order, or none', () => {
  assert.equal(readTranscript(transcript), transcript);
  const merged = readTranscript({
    transcripts: [
      { language_code: 'eng', text: 'One ', words: [{ text: 'One', start: 0, end: 0.5, type: 'word', channel_index: 0 }] },
      { language_code: 'eng', text: 'Two', words: [{ text: 'Two', start: 0.2, end: 0.6, type: 'word', channel_index: 1, speaker_id: 'speaker_9' }] },
    ],
    transcription_id: 't',
  });
  assert.equal(merged?.text, 'One\nTwo');
  assert.deepEqual(merged?.words.map((w) => [w.text, w.speaker_id]), [['One', 'channel_0'], ['Two', 'speaker_9']]);
  assert.equal(readTranscript({ message: 'queued' }), undefined);
  assert.equal(readTranscript(null), undefined);
  assert.equal(readTranscript({ transcripts: [{ text: 1 }] }), undefined);
});

test('language codes become OpenAI’s lowercase names; unknown codes stay as they are', () => {
  assert.deepEqual(['eng', 'deu', 'de', 'zho', 'zz', '!!'].map(languageName), ['english', 'german', 'german', 'chinese', 'zz', '!!']);
});

const upload = (over: Partial<TranscriptionRequest>): TranscriptionRequest => ({
  type: 'transcription',
  model: { provider: 'elevenlabs', model: 'scribe_v1' },
  fallbacks: [],
  file: { chunks: [Buffer.from('abc')], size: 3, filename: 'blob', contentType: 'audio/wav' },
  response_format: 'json',
  stream: false,
  providerOptions: {},
  extra: {},
  ...over,
});

test('transcription call: fields in order, file last, prompt reported, gateway-only fields kept back', async () => {
  const call = transcriptionCall(upload({ language: 'fr', prompt: 'p', temperature: 0, timestamp_granularities: ['segment'], file_format: 'ogg', extra: { diarize: 'true', enable_logging: 'true' } }));
  assert.deepEqual(reported(upload({ language: 'fr', prompt: 'p', temperature: 0 })), ['prompt'], 'the gateway reports prompt: ElevenLabs does not declare it');
  assert.equal(call.query.toString(), 'enable_logging=true');
  const chunks: Buffer[] = [];
  for await (const c of call.form.body()) chunks.push(c);
  const form = await new Response(Buffer.concat(chunks), { headers: { 'content-type': call.form.contentType } }).formData();
  assert.deepEqual([...form.keys()], ['model_id', 'language_code', 'temperature', 'timestamps_granularity', 'diarize', 'file']);
  assert.equal(form.get('temperature'), '0');
  assert.equal((form.get('file') as File).name, 'blob.ogg');
  assert.throws(() => transcriptionCall(upload({ response_format: 'vtt', extra: { timestamps_granularity: 'none' } })), /built from word timings/);
});

test('error shapes: ElevenLabs’ own, FastAPI validation lists, plain detail strings, and others', () => {
  assert.deepEqual(elevenLabsErrorDetail({ detail: { status: 'quota_exceeded', message: 'You have 5 credits left.' } }), {
    message: 'You have 5 credits left.',
    code: 'quota_exceeded',
    type: undefined,
    param: undefined,
  });
  assert.deepEqual(elevenLabsErrorDetail({ detail: { code: 'voice_not_found', status: 'x', type: 'not_found_error', message: 'm', param: 'voice_id' } }), {
    message: 'm',
    code: 'voice_not_found',
    type: 'not_found_error',
    param: 'voice_id',
  });
  assert.deepEqual(
    elevenLabsErrorDetail({ detail: [{ loc: ['body', 'inputs', 0, 'text'], msg: 'Field required', type: 'missing' }, { loc: ['query', 'seed'], msg: 'bad' }] }),
    { message: 'inputs.0.text: Field required; seed: bad', code: 'missing', param: 'inputs.0.text' },
  );
  assert.deepEqual(elevenLabsErrorDetail({ detail: 'Not Found' }), { message: 'Not Found' });
  assert.equal(elevenLabsErrorDetail({ error: 'x' }), undefined);
  assert.equal(elevenLabsErrorDetail(null), undefined);
});
