// Deepgram: speech-to-text through POST /v1/listen (the audio as the raw
// body, options in the query) and text-to-speech through POST /v1/speak,
// with the key as `Authorization: Token <key>`.
import { headerValue, JsonPayload, SPEECH_CONTENT_TYPES, SPEECH_FORMATS, throwProviderError, TRANSCRIPTION_FORMATS, upstreamBadAnswer, type AdapterResult, type ProviderCall, type SpeechAudioResult, type SpeechRequest, type TranscriptionRequest, type TranscriptionResult, type UpstreamResponse, defineAdapter, type OptionsOf } from '../../core/kit.js';
import { deepgramErrorDetail } from './errors.js';
import { billedSeconds, listenBody, listenCall, readListen } from './listen.js';
import { SPEAK_MAX_CHARS, speakCall } from './speak.js';
import { deepgramRealtime } from './realtime.js';
import { DEEPGRAM_VOICES, DEEPGRAM_VOICE_DEFAULTS, isDeepgramVoice } from './voices.js';

type Body = { contentType: string; data: string | AsyncIterable<Buffer>; length?: number };

async function post(call: ProviderCall, path: string, query: URLSearchParams, body: Body): Promise<UpstreamResponse> {
  const headers: Record<string, string> = { 'content-type': body.contentType };
  if (body.length !== undefined) headers['content-length'] = String(body.length);
  if (call.key.value) headers.authorization = `Token ${call.key.value}`;
  const base = String(call.provider.settings.base_url).replace(/\/+$/, '');
  const res = await call.http.send({ method: 'POST', url: `${base}${path}?${query}`, headers, body: body.data, signal: call.signal });
  if (res.status >= 400) return throwProviderError(call, res, deepgramErrorDetail);
  return res;
}

async function* chunksOf(chunks: readonly Buffer[]): AsyncGenerator<Buffer> {
  for (const chunk of chunks) yield chunk;
}

const SETTINGS = {
  type: 'object',
  properties: { base_url: { type: 'string', default: 'https://api.deepgram.com' } },
} as const;

type Settings = OptionsOf<typeof SETTINGS>;

export default defineAdapter<Settings>({
  id: 'deepgram',
  settings: SETTINGS,
  realtime: deepgramRealtime,
  capabilities: {
    // /v1/listen has no prompt or temperature (keyterm is its own option, passed on as sent).
    transcription: { formats: TRANSCRIPTION_FORMATS, streaming: false, diarize: true, accepts: { shared: ['language', 'timestamp_granularities'] } },
    // /v1/speak takes at most 2,000 characters: past them the gateway splits the text (core/long-media). It takes no instructions.
    speech: { formats: SPEECH_FORMATS, streaming: false, multiSpeaker: false, limits: { maxInputChars: SPEAK_MAX_CHARS }, accepts: { shared: ['speed'] } },
  },
  voices: {
    defaults: DEEPGRAM_VOICE_DEFAULTS,
    list: () => DEEPGRAM_VOICES,
    accepts: (_instance, voice) => isDeepgramVoice(voice),
  },
  listModels: () => ['nova-3', 'nova-2', 'whisper-large', 'aura-2'],

  async transcribe(req: TranscriptionRequest, call: ProviderCall): Promise<AdapterResult<TranscriptionResult>> {
    const { query } = listenCall(req);
    // The raw audio with its own content type: Deepgram reads no multipart.
    const contentType = req.file.contentType || 'application/octet-stream';
    const res = await post(call, '/v1/listen', query, { contentType, data: chunksOf(req.file.chunks), length: req.file.size });
    const text = await call.http.readText(res, call.signal);
    let answer: unknown;
    try {
      answer = JsonPayload.parse(text).value;
    } catch {
      throw upstreamBadAnswer(call.provider.name, 'the transcript is not a JSON object');
    }
    const transcript = readListen(answer);
    if (!transcript) throw upstreamBadAnswer(call.provider.name, 'the answer holds no results.channels[0].alternatives[0].transcript');
    return { type: 'transcription', format: req.response_format, body: listenBody(transcript, req), ...billedSeconds(answer) };
  },

  async speak(req: SpeechRequest, call: ProviderCall): Promise<AdapterResult<SpeechAudioResult>> {
    const { query, body } = speakCall(req);
    const res = await post(call, '/v1/speak', query, { contentType: 'application/json', data: JSON.stringify(body) });
    const upstreamType = headerValue(res.headers, 'content-type');
    const contentType = upstreamType?.startsWith('audio/') && req.response_format !== 'pcm' ? upstreamType : SPEECH_CONTENT_TYPES[req.response_format];
    return { type: 'speech', format: req.response_format, contentType, audio: res.body };
  },
});
