// Google Gemini: text-to-speech and speech-to-text through
// POST {base_url}/v1beta/models/{model}:generateContent with the key in
// x-goog-api-key. Speech comes back as base64 PCM (24 kHz, 16-bit, mono),
// decoded as it arrives; transcripts as text parts.
import { JsonPayload, unsupportedByTarget, SPEECH_CONTENT_TYPES, throwProviderError, upstreamBadAnswer, type AdapterResult, type ProviderCall, type ReportedUsage, type SpeechAudioResult, type SpeechFormat, type SpeechRequest, type TranscriptionRequest, type TranscriptionResult, type UpstreamResponse, defineAdapter, type OptionsOf } from '../../core/kit.js';
import { geminiErrorDetail } from './errors.js';
import { uploadFile } from './files.js';
import { NoAudioError, inlineAudio } from './inline-audio.js';
import { NATIVE_FORMATS, findFfmpeg, readableOf, transcode, wavOf } from './pcm.js';
import { GEMINI_ID, GEMINI_SPEECH_PARAMS, speechBody } from './speech.js';
import { audioMime, fileBody, FILES_API_MAX_BYTES, inlineBody, inlineFits, transcriptText } from './transcription.js';
import { GEMINI_VOICES, GEMINI_VOICE_DEFAULTS, isGeminiVoice } from './voices.js';

/** pcm first: it streams as it arrives (wav waits for its length; the rest pass through ffmpeg). */
const GEMINI_SPEECH_FORMATS: readonly SpeechFormat[] = ['pcm', 'wav', 'mp3', 'opus', 'aac', 'flac'];

const baseOf = (call: ProviderCall): string => String(call.provider.settings.base_url).replace(/\/+$/, '');

async function generate(call: ProviderCall, model: string, body: { data: string | AsyncIterable<Buffer>; length?: number }): Promise<UpstreamResponse> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (body.length !== undefined) headers['content-length'] = String(body.length);
  if (call.key.value) headers['x-goog-api-key'] = call.key.value;
  const url = `${baseOf(call)}/v1beta/models/${encodeURIComponent(model)}:generateContent`;
  const res = await call.http.send({ method: 'POST', url, headers, body: body.data, signal: call.signal });
  if (res.status >= 400) return throwProviderError(call, res, geminiErrorDetail);
  return res;
}

/** The PCM, with an answer that holds none named as Gemini's fault (502) and what it said instead. */
async function* pcmOf(call: ProviderCall, res: UpstreamResponse): AsyncGenerator<Buffer> {
  try {
    yield* inlineAudio(res.body);
  } catch (err) {
    if (err instanceof NoAudioError) throw upstreamBadAnswer(call.provider.name, `the answer holds no audio: ${err.preamble.replace(/\s+/g, ' ').slice(0, 300)}`);
    throw err;
  }
}

const SETTINGS = {
  type: 'object',
  properties: { base_url: { type: 'string', default: 'https://generativelanguage.googleapis.com' } },
} as const;

type Settings = OptionsOf<typeof SETTINGS>;

export default defineAdapter<Settings>({
  id: GEMINI_ID,
  settings: SETTINGS,
  secretHeaders: ['x-goog-api-key'],
  capabilities: {
    // Past the 20 MB inline limit the adapter uploads through the Files API, which takes files up to
    // 2 GB; past that the gateway splits (core/long-media). Gemini's 9.5 hours of audio per prompt is
    // not declared: a duration limit would ffprobe every upload, and 2 GB of compressed audio rarely lasts longer.
    // Its transcripts carry no timings; its speech has no speed (instructions lead the text instead).
    transcription: { formats: ['json', 'text'], streaming: false, limits: { maxUploadBytes: FILES_API_MAX_BYTES }, accepts: { shared: ['language', 'prompt', 'temperature'] } },
    speech: { formats: GEMINI_SPEECH_FORMATS, streaming: false, multiSpeaker: true, accepts: { shared: ['instructions'], own: GEMINI_SPEECH_PARAMS } },
  },
  voices: { defaults: GEMINI_VOICE_DEFAULTS, list: () => GEMINI_VOICES, accepts: (_instance, voice) => isGeminiVoice(voice) },
  listModels: () => ['gemini-2.5-flash-preview-tts', 'gemini-2.5-pro-preview-tts', 'gemini-2.5-flash'],

  async speak(req: SpeechRequest, call: ProviderCall): Promise<AdapterResult<SpeechAudioResult>> {
    // Refused before any call: a format that needs ffmpeg, when there is none.
    const ffmpeg = NATIVE_FORMATS.includes(req.response_format) ? undefined : findFfmpeg();
    if (!NATIVE_FORMATS.includes(req.response_format) && !ffmpeg) {
      throw unsupportedByTarget(
        'unsupported_by_provider',
        `Gemini answers 24 kHz PCM; response_format "${req.response_format}" needs ffmpeg, which this gateway does not have. Ask for wav or pcm, or install ffmpeg on the gateway's PATH.`,
        'response_format',
      );
    }
    const { body } = speechBody(req);
    const res = await generate(call, req.model.model, { data: JSON.stringify(body) });
    const pcm = pcmOf(call, res);
    const audio = req.response_format === 'pcm' ? readableOf(pcm) : req.response_format === 'wav' ? readableOf(wavOf(pcm)) : transcode(ffmpeg!, pcm, req.response_format);
    audio.once('close', () => res.body.destroy());
    return { type: 'speech', format: req.response_format, contentType: SPEECH_CONTENT_TYPES[req.response_format], audio };
  },

  async transcribe(req: TranscriptionRequest, call: ProviderCall): Promise<AdapterResult<TranscriptionResult>> {
    let res: UpstreamResponse;
    if (inlineFits(req.file)) {
      const { length, body } = inlineBody(req);
      res = await generate(call, req.model.model, { data: body(), length });
    } else {
      const uri = await uploadFile(call, baseOf(call), req.file, audioMime(req));
      res = await generate(call, req.model.model, { data: fileBody(req, uri) });
    }
    const raw = await call.http.readText(res, call.signal);
    let text: string | undefined;
    let usage: ReportedUsage | undefined;
    try {
      const answer = JsonPayload.parse(raw).value;
      text = transcriptText(answer);
      usage = tokenUsage(answer);
    } catch {
      text = undefined;
    }
    if (text === undefined) throw upstreamBadAnswer(call.provider.name, 'the answer holds no transcript text');
    const body = req.response_format === 'json' ? JsonPayload.of({ text }) : `${text}\n`;
    return { type: 'transcription', format: req.response_format, body, ...(usage ? { usage } : {}) };
  },
});

/** usageMetadata: the tokens Gemini bills (the prompt holds the audio). */
function tokenUsage(answer: Readonly<Record<string, unknown>>): ReportedUsage | undefined {
  const meta = answer.usageMetadata as { promptTokenCount?: unknown; candidatesTokenCount?: unknown } | undefined;
  const input = meta?.promptTokenCount;
  const output = meta?.candidatesTokenCount;
  if (typeof input !== 'number' || typeof output !== 'number') return undefined;
  return { inputTokens: input, outputTokens: output };
}
