// OpenAI's wire format for audio, shared by every adapter that speaks it
// (OpenAI itself, Azure OpenAI, OpenAI-compatible servers): the multipart
// transcription form, the speech JSON, the answers, and the error shape.
import { uploadFilename } from '../../core/kit.js';
import { JsonPayload } from '../../core/kit.js';
import type { AdapterResult, ProviderCall } from '../../core/kit.js';
import { speechContentType } from '../../core/kit.js';
import { encodeMultipart, type EncodedForm, type FormPart } from '../../core/kit.js';
import { headerValue, type UpstreamResponse } from '../../core/kit.js';
import { upstreamBadAnswer } from '../../core/kit.js';
import type { AdapterVoices, ProviderInstance, VendorErrorDetail, VoiceInfo } from '../../core/kit.js';
import type { ReportedUsage, RequestType, SpeechAudioResult, SpeechRequest, StreamResult, TranscriptionRequest, TranscriptionResult } from '../../core/kit.js';
import { relayEvents } from '../../core/kit.js';
import { parseSse } from '../../core/kit.js';

/** Which audio endpoint serves the request: transcriptions, or translations for task translate. */
export const audioOperation = (req: TranscriptionRequest): 'transcriptions' | 'translations' => (req.task === 'translate' ? 'translations' : 'transcriptions');

/** The multipart form: every modelled field, every unknown field as sent, then the file. */
export function transcriptionForm(req: TranscriptionRequest, model: string, responseFormat: string = req.response_format): EncodedForm {
  const parts: FormPart[] = [
    { name: 'model', value: model },
    { name: 'response_format', value: responseFormat },
  ];
  if (req.language !== undefined) parts.push({ name: 'language', value: req.language });
  if (req.prompt !== undefined) parts.push({ name: 'prompt', value: req.prompt });
  if (req.temperature !== undefined) parts.push({ name: 'temperature', value: String(req.temperature) });
  for (const g of req.timestamp_granularities ?? []) parts.push({ name: 'timestamp_granularities[]', value: g });
  if (req.diarize !== undefined) parts.push({ name: 'diarize', value: String(req.diarize) });
  if (req.stream) parts.push({ name: 'stream', value: 'true' });
  for (const [name, value] of Object.entries(req.extra)) {
    if (Array.isArray(value)) for (const v of value) parts.push({ name: `${name}[]`, value: v });
    else parts.push({ name, value });
  }
  parts.push({ name: 'file', file: req.file, filename: uploadFilename(req.file, req.file_format) });
  return encodeMultipart(parts);
}

/** The speech JSON: the shared fields and every unknown one as sent (other adapters' params never reach it: the gateway reports them). */
export function speechBody(req: SpeechRequest, model: string): Record<string, unknown> {
  const body: Record<string, unknown> = {
    ...req.extra,
    model,
    input: req.input,
    voice: req.voice,
    response_format: req.response_format,
  };
  if (req.speed !== undefined) body.speed = req.speed;
  if (req.instructions !== undefined) body.instructions = req.instructions;
  if (req.stream_format !== undefined) body.stream_format = req.stream_format;
  return body;
}

const isEventStream = (res: UpstreamResponse): boolean => /^text\/event-stream/i.test(headerValue(res.headers, 'content-type') ?? '');

/** The upstream's own events (transcript.text.*, speech.audio.*), relayed as they arrive. */
function relayed(call: ProviderCall, res: UpstreamResponse, requestType: RequestType): AdapterResult<StreamResult> {
  const bad = (data: string) => upstreamBadAnswer(call.provider.name, `a stream event is not an OpenAI event: ${data.slice(0, 80)}`);
  return { type: 'stream', requestType, events: relayEvents(parseSse(res.body as AsyncIterable<Buffer>), bad) };
}

/** A transcript, or the upstream's stream of it (stream=true on a model that streams; whisper-1 ignores it). */
export async function readTranscription(call: ProviderCall, res: UpstreamResponse, req: TranscriptionRequest): Promise<AdapterResult<TranscriptionResult> | AdapterResult<StreamResult>> {
  if (req.stream && isEventStream(res)) return relayed(call, res, 'transcription');
  if (req.response_format !== 'json' && req.response_format !== 'verbose_json') {
    return { type: 'transcription', format: req.response_format, body: await call.http.readText(res, call.signal) };
  }
  const body = await call.http.readJson(res, call.signal, `${req.response_format} transcript`);
  const usage = openAIUsage(body.value);
  return { type: 'transcription', format: req.response_format, body, ...(usage ? { usage } : {}) };
}

const count = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined);

/**
 * What an OpenAI transcript says it consumed: verbose_json's `duration`
 * (fractional, preferred), `usage: {type: "duration", seconds}` (whisper-1's
 * json) or `usage: {type: "tokens", input_tokens, output_tokens}`
 * (gpt-4o-transcribe).
 */
export function openAIUsage(value: Readonly<Record<string, unknown>>): ReportedUsage | undefined {
  const usage = (value.usage && typeof value.usage === 'object' ? value.usage : {}) as Record<string, unknown>;
  const out: ReportedUsage = {};
  const seconds = count(value.duration) ?? (usage.type === 'duration' ? count(usage.seconds) : undefined);
  if (seconds !== undefined) out.audioSeconds = seconds;
  if (usage.type === 'tokens') {
    const input = count(usage.input_tokens);
    const output = count(usage.output_tokens);
    if (input !== undefined) out.inputTokens = input;
    if (output !== undefined) out.outputTokens = output;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Audio as it streams, or the upstream's speech.audio.* events when stream_format is sse. */
export function speechAudio(call: ProviderCall, res: UpstreamResponse, req: SpeechRequest): AdapterResult<SpeechAudioResult> | AdapterResult<StreamResult> {
  if (isEventStream(res)) return relayed(call, res, 'speech');
  const contentType = speechContentType(headerValue(res.headers, 'content-type'), req.response_format);
  return { type: 'speech', format: req.response_format, contentType, audio: res.body };
}

/** {"error": {"message", "type", "param", "code"}} — OpenAI's and Azure's error shape. */
export function openAIErrorDetail(body: unknown): VendorErrorDetail | undefined {
  const error = (body as { error?: unknown } | null)?.error;
  if (error && typeof error === 'object') return error as VendorErrorDetail;
  if (typeof error === 'string') return { message: error };
  return undefined;
}

// OpenAI's built-in voices. OpenAI has no voices API, so the list is static;
// it binds only OpenAI itself (and Azure OpenAI): an OpenAI-compatible server
// at another base_url has voices of its own, sent as they are.
const NAMES = ['alloy', 'ash', 'ballad', 'coral', 'echo', 'fable', 'onyx', 'nova', 'sage', 'shimmer', 'verse', 'marin', 'cedar'];

export const OPENAI_VOICES: readonly VoiceInfo[] = NAMES.map((id) => ({ id, name: id[0]!.toUpperCase() + id.slice(1) }));

const IDS = new Set(NAMES);
// Asked on every speech request (voice checks): the URL is parsed once per base_url.
const itself = new Map<string, boolean>();
export const isOpenAIItself = (instance: ProviderInstance): boolean => {
  const base = String(instance.settings.base_url);
  let known = itself.get(base);
  if (known === undefined) {
    try {
      known = new URL(base).hostname === 'api.openai.com';
    } catch {
      known = false;
    }
    itself.set(base, known);
  }
  return known;
};

/** For type openai: the list, binding only on api.openai.com. */
export const openAIVoices: AdapterVoices = {
  list: (instance) => (isOpenAIItself(instance) ? OPENAI_VOICES : []),
  accepts: (instance, voice) => !isOpenAIItself(instance) || IDS.has(voice),
};

/** For Azure OpenAI: its TTS deployments speak OpenAI's voices. */
export const azureVoices: AdapterVoices = {
  list: () => OPENAI_VOICES,
  accepts: (_instance, voice) => IDS.has(voice),
};
