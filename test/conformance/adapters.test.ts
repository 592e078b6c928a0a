// The adapter conformance suite, run for every adapter the gateway ships and
// for the example third-party adapter that lives outside providers/.
import path from 'node:path';
import { adapterConformance } from '../../testing/adapter-conformance.js';
import { FakeOpenAI, openAIError } from '../fakes/openai.js';
import { FakeAzure } from '../fakes/azure.js';
import { FakeWhisperCpp } from '../fakes/whisper-cpp.js';
import { FakeElevenLabs } from '../fakes/elevenlabs.js';
import { FakeDeepgram, deepgramError } from '../fakes/deepgram.js';
import { FakeGroq } from '../fakes/groq.js';
import { FakeGemini, geminiError } from '../fakes/gemini.js';
import { FakeMistral, mistralError } from '../fakes/mistral.js';
import { fakeAudio } from '../fakes/audio.js';
import { compiledTestDir } from '../helpers/gateway.js';

const KEY = 'sk-conformance-key-0123456789';

adapterConformance({
  name: 'openai',
  startFake: () => FakeOpenAI.start({ apiKey: KEY }),
  provider: (fake) => ({ base_url: `${fake.origin}/v1`, keys: [{ value: KEY }], timeout_s: 1 }),
  secret: KEY,
  errorBody: (status, message) => openAIError(message, `code_${status}`),
  transcription: { model: 'whisper-1' },
  speech: { model: 'gpt-4o-mini-tts', voice: 'alloy' },
});

adapterConformance({
  name: 'azure',
  startFake: () => FakeAzure.startAzure({ apiKey: KEY, deployments: ['stt', 'tts'] }),
  provider: (fake) => ({ endpoint: fake.origin, keys: [{ value: KEY }], deployments: { 'whisper-1': 'stt', 'gpt-4o-mini-tts': 'tts' }, timeout_s: 1 }),
  secret: KEY,
  errorBody: (status, message) => ({ error: { code: String(status), message } }),
  transcription: { model: 'whisper-1' },
  speech: { model: 'gpt-4o-mini-tts', voice: 'alloy' },
});

// The example adapter users copy: plain JavaScript in config/examples, loaded by path.
adapterConformance({
  name: 'whisper-cpp',
  extensions: [path.resolve(compiledTestDir, '..', '..', 'config', 'examples', 'adapters', 'whisper-cpp')],
  startFake: () => FakeWhisperCpp.start(),
  provider: (fake) => ({ base_url: fake.origin, timeout_s: 1 }),
  errorBody: (_status, message) => ({ error: message }),
  transcription: { model: 'large-v3', audio: { bytes: fakeAudio('wav', 20_000), filename: 'a.wav', type: 'audio/wav' } },
});

adapterConformance({
  name: 'elevenlabs',
  startFake: () => FakeElevenLabs.start({ apiKey: KEY }),
  provider: (fake) => ({ base_url: fake.origin, keys: [{ value: KEY }], timeout_s: 1 }),
  secret: KEY,
  errorBody: (status, message) => ({ detail: { status: `status_${status}`, message } }),
  transcription: { model: 'scribe_v1' },
  speech: { model: 'eleven_multilingual_v2', voice: '21m00Tcm4TlvDq8ikWAM' },
});

adapterConformance({
  name: 'deepgram',
  startFake: () => FakeDeepgram.start({ apiKey: KEY }),
  provider: (fake) => ({ base_url: fake.origin, keys: [{ value: KEY }], timeout_s: 1 }),
  secret: KEY,
  errorBody: (status, message) => deepgramError(`code_${status}`, message),
  transcription: { model: 'nova-3' },
  speech: { model: 'aura-2', voice: 'aura-2-thalia-en' },
});

adapterConformance({
  name: 'groq',
  startFake: () => FakeGroq.start({ apiKey: KEY }),
  provider: (fake) => ({ base_url: `${fake.origin}/openai/v1`, keys: [{ value: KEY }], timeout_s: 1 }),
  secret: KEY,
  errorBody: (status, message) => openAIError(message, `code_${status}`),
  transcription: { model: 'whisper-large-v3-turbo' },
});

adapterConformance({
  name: 'mistral',
  startFake: () => FakeMistral.start({ apiKey: KEY }),
  provider: (fake) => ({ base_url: `${fake.origin}/v1`, keys: [{ value: KEY }], timeout_s: 1 }),
  secret: KEY,
  errorBody: (status, message) => mistralError(message, `type_${status}`),
  transcription: { model: 'voxtral-mini-latest' },
});

adapterConformance({
  name: 'gemini',
  startFake: () => FakeGemini.start({ apiKey: KEY }),
  provider: (fake) => ({ base_url: fake.origin, keys: [{ value: KEY }], timeout_s: 1 }),
  secret: KEY,
  errorBody: (status, message) => geminiError(status, message, `STATUS_${status}`),
  transcription: { model: 'gemini-2.5-flash' },
  speech: { model: 'gemini-2.5-flash-preview-tts', voice: 'Kore' },
});
