// ElevenLabs: speech through /v1/text-to-speech/{voice_id} (or
// /v1/text-to-dialogue for several speakers), transcription through
// /v1/speech-to-text, with the key in the xi-api-key header.
import { TRANSCRIPTION_FORMATS, speechContentType, defineAdapter, headerValue, throwProviderError, upstreamBadAnswer, type UpstreamResponse } from '../../core/kit.js';
import { elevenLabsErrorDetail } from './errors.js';
import { ELEVENLABS_SPEECH_FORMATS, baseUrl, settingsSchema, type ElevenLabsCall, type ElevenLabsSettings } from './settings.js';
import { speechCall } from './speech.js';
import { ELEVENLABS_ID, ELEVENLABS_SPEECH_PARAMS, speechParams } from './params.js';
import { readTranscript, transcriptionBody } from './transcript.js';
import { transcriptionCall } from './transcription.js';
import { elevenLabsVoices } from './voices.js';
import { elevenLabsRealtime } from './realtime.js';

type Body = { contentType: string; data: string | AsyncIterable<Buffer>; length?: number };

async function post(call: ElevenLabsCall, path: string, query: URLSearchParams, body: Body): Promise<UpstreamResponse> {
  const headers: Record<string, string> = { 'content-type': body.contentType };
  if (body.length !== undefined) headers['content-length'] = String(body.length);
  if (call.key.value) headers['xi-api-key'] = call.key.value;
  const search = query.size > 0 ? `?${query}` : '';
  const res = await call.http.send({ method: 'POST', url: `${baseUrl(call)}${path}${search}`, headers, body: body.data, signal: call.signal });
  if (res.status >= 400) return throwProviderError(call, res, elevenLabsErrorDetail);
  return res;
}


export default defineAdapter<ElevenLabsSettings>({
  id: ELEVENLABS_ID,
  settings: settingsSchema,
  realtime: elevenLabsRealtime,
  secretHeaders: ['xi-api-key'],
  voices: elevenLabsVoices,
  /** ElevenLabs' speech-to-text and text-to-speech models. */
  listModels: () => ['scribe_v1', 'eleven_multilingual_v2', 'eleven_flash_v2_5', 'eleven_turbo_v2_5', 'eleven_v3'],
  capabilities: {
    // Speech to text takes files up to 3 GB; text to speech's input limit is the model's
    // (10,000 characters for Multilingual v2, 40,000 for Flash/Turbo v2.5, 5,000 for v3 and unknown models).
    // No prompt: Scribe takes none (keyterms is its own field, passed on as sent).
    transcription: {
      formats: TRANSCRIPTION_FORMATS,
      streaming: false,
      diarize: true,
      limits: { maxUploadBytes: 3 * 1024 * 1024 * 1024 },
      accepts: { shared: ['language', 'temperature', 'timestamp_granularities'] },
    },
    speech: {
      formats: ELEVENLABS_SPEECH_FORMATS,
      streaming: false,
      multiSpeaker: true,
      // No instructions: ElevenLabs steers delivery through the text and voice_settings.
      accepts: { shared: ['speed'], own: ELEVENLABS_SPEECH_PARAMS },
      limits: { maxInputChars: 5000, maxInputCharsByModel: { eleven_multilingual_v2: 10_000, eleven_flash_v2_5: 40_000, eleven_turbo_v2_5: 40_000, eleven_v3: 5000 } },
    },
  },

  async transcribe(req, call) {
    const { form, query } = transcriptionCall(req);
    const res = await post(call, '/v1/speech-to-text', query, { contentType: form.contentType, data: form.body(), length: form.length });
    const transcript = readTranscript((await call.http.readJson(res, call.signal, 'the transcript')).value);
    if (!transcript) throw upstreamBadAnswer(call.provider.name, 'the answer holds no text and words');
    return { type: 'transcription', format: req.response_format, body: transcriptionBody(transcript, req.response_format) };
  },

  async speak(req, call) {
    const { path, query, body, ignored } = speechCall(req, call.provider.settings);
    const res = await post(call, path, query, { contentType: 'application/json', data: JSON.stringify(body) });
    if (speechParams(req).with_timestamps) {
      // Passed on as ElevenLabs wrote it: audio_base64, alignment, normalized_alignment (and voice_segments).
      const payload = await call.http.readJson(res, call.signal, 'the timestamped speech');
      if (typeof payload.value.audio_base64 !== 'string') throw upstreamBadAnswer(call.provider.name, 'the timestamped speech has no audio_base64');
      return { type: 'speech_json', format: req.response_format, body: payload, ignoredParams: ignored };
    }
    const contentType = speechContentType(headerValue(res.headers, 'content-type'), req.response_format);
    return { type: 'speech', format: req.response_format, contentType, audio: res.body, ignoredParams: ignored };
  },
});
