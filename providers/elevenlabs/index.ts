// ElevenLabs: speech through /v1/text-to-speech/{voice_id} (or
// /v1/text-to-dialogue for several speakers), transcription through
// /v1/speech-to-text, with the key in the xi-api-key header.
import { injectable } from 'tsyringe';
import { SPEECH_CONTENT_TYPES } from '../../core/audio-formats.js';
import { JsonPayload } from '../../core/json-payload.js';
import type { AdapterResult, ProviderAdapter, ProviderCall } from '../../core/provider.js';
import { TRANSCRIPTION_FORMATS } from '../../core/types.js';
import type { SpeechAudioResult, SpeechJsonResult, SpeechRequest, TranscriptionRequest, TranscriptionResult } from '../../core/types.js';
import { headerValue, type UpstreamResponse } from '../../core/upstream/http.js';
import { upstreamBadAnswer } from '../../core/upstream/network-errors.js';
import { throwProviderError } from '../../core/upstream/provider-error.js';
import { elevenLabsErrorDetail } from './errors.js';
import { ELEVENLABS_SPEECH_FORMATS, baseUrl, settingsOf, settingsSchema } from './settings.js';
import { speechCall } from './speech.js';
import { readTranscript, transcriptionBody } from './transcript.js';
import { transcriptionCall } from './transcription.js';

type Body = { contentType: string; data: string | AsyncIterable<Buffer>; length?: number };

async function post(call: ProviderCall, path: string, query: URLSearchParams, body: Body): Promise<UpstreamResponse> {
  const headers: Record<string, string> = { 'content-type': body.contentType };
  if (body.length !== undefined) headers['content-length'] = String(body.length);
  if (call.key.value) headers['xi-api-key'] = call.key.value;
  const search = query.size > 0 ? `?${query}` : '';
  const res = await call.http.send({ method: 'POST', url: `${baseUrl(call)}${path}${search}`, headers, body: body.data, signal: call.signal });
  if (res.status >= 400) return throwProviderError(call, res, elevenLabsErrorDetail);
  return res;
}

/** A JSON object answer, parsed once; anything else is the upstream's fault (502). */
async function readJson(call: ProviderCall, res: UpstreamResponse, what: string): Promise<JsonPayload> {
  const text = await call.http.readText(res, call.signal);
  try {
    return JsonPayload.parse(text);
  } catch {
    throw upstreamBadAnswer(call.provider.name, `${what} is not a JSON object`);
  }
}

@injectable()
export default class ElevenLabsAdapter implements ProviderAdapter {
  readonly id = 'elevenlabs';
  readonly defaults = { base_url: 'https://api.elevenlabs.io' };
  readonly configSchema = settingsSchema;
  /** ElevenLabs' speech-to-text and text-to-speech models. */
  listModels(): readonly string[] {
    return ['scribe_v1', 'eleven_multilingual_v2', 'eleven_flash_v2_5', 'eleven_turbo_v2_5', 'eleven_v3'];
  }

  readonly capabilities = {
    // Speech to text takes files up to 3 GB; text to speech's input limit is the model's
    // (10,000 characters for Multilingual v2, 40,000 for Flash/Turbo v2.5, 5,000 for v3 and unknown models).
    transcription: { formats: TRANSCRIPTION_FORMATS, streaming: false, limits: { maxUploadBytes: 3 * 1024 * 1024 * 1024 } },
    speech: {
      formats: ELEVENLABS_SPEECH_FORMATS,
      streaming: false,
      multiSpeaker: true,
      timestamps: true,
      limits: { maxInputChars: 5000, maxInputCharsByModel: { eleven_multilingual_v2: 10_000, eleven_flash_v2_5: 40_000, eleven_turbo_v2_5: 40_000, eleven_v3: 5000 } },
    },
  };

  async transcribe(req: TranscriptionRequest, call: ProviderCall): Promise<AdapterResult<TranscriptionResult>> {
    const { form, query, ignored } = transcriptionCall(req);
    const res = await post(call, '/v1/speech-to-text', query, { contentType: form.contentType, data: form.body(), length: form.length });
    const transcript = readTranscript((await readJson(call, res, 'the transcript')).value);
    if (!transcript) throw upstreamBadAnswer(call.provider.name, 'the answer holds no text and words');
    return { type: 'transcription', format: req.response_format, body: transcriptionBody(transcript, req.response_format), ignoredParams: ignored };
  }

  async speak(req: SpeechRequest, call: ProviderCall): Promise<AdapterResult<SpeechAudioResult> | AdapterResult<SpeechJsonResult>> {
    const { path, query, body, ignored } = speechCall(req, settingsOf(call));
    const res = await post(call, path, query, { contentType: 'application/json', data: JSON.stringify(body) });
    if (req.with_timestamps) {
      // Passed on as ElevenLabs wrote it: audio_base64, alignment, normalized_alignment (and voice_segments).
      const payload = await readJson(call, res, 'the timestamped speech');
      if (typeof payload.value.audio_base64 !== 'string') throw upstreamBadAnswer(call.provider.name, 'the timestamped speech has no audio_base64');
      return { type: 'speech_json', format: req.response_format, body: payload, ignoredParams: ignored };
    }
    const upstreamType = headerValue(res.headers, 'content-type');
    const contentType = upstreamType?.startsWith('audio/') ? upstreamType : SPEECH_CONTENT_TYPES[req.response_format];
    return { type: 'speech', format: req.response_format, contentType, audio: res.body, ignoredParams: ignored };
  }
}
