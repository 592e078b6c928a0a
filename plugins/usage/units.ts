// A request's usage in audio units: what it is estimated at before the call
// (the upload's measured duration, the input's characters) and what it used
// after (the provider's own account where its answer gives one).
import { audioSeconds, type GatewayRequest, type ReportedUsage, type StreamEvent, type UsageUnits } from '../../core/kit.js';

// An upload whose container does not tell its duration is estimated at 128 kbit/s until the provider says.
const ESTIMATED_BYTES_PER_SECOND = 16_000;

/** What a reservation holds: the upload's measured duration (measured once, remembered), or the input's characters. */
export async function estimate(request: GatewayRequest): Promise<UsageUnits> {
  if (request.type === 'speech') return { characters: request.input.length };
  return { audio_seconds: (await audioSeconds(request.file)) ?? request.file.size / ESTIMATED_BYTES_PER_SECOND };
}

/**
 * What the request used: the provider's count first, the upload measured
 * next (only then: a request without a budget whose provider reports its
 * duration is never parsed); unknown stays unknown.
 */
export async function used(request: GatewayRequest, reported: ReportedUsage | undefined): Promise<UsageUnits> {
  const units: UsageUnits = {};
  if (request.type === 'speech') units.characters = request.input.length;
  else {
    const seconds = reported?.audioSeconds ?? (await audioSeconds(request.file));
    if (seconds !== undefined) units.audio_seconds = Math.round(seconds * 1000) / 1000;
  }
  if (reported?.inputTokens !== undefined) units.input_tokens = reported.inputTokens;
  if (reported?.outputTokens !== undefined) units.output_tokens = reported.outputTokens;
  return units;
}

const count = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined);

/** The usage a stream's done event carries (transcript.text.done, speech.audio.done), in OpenAI's shapes. */
export function eventUsage(event: StreamEvent): ReportedUsage | undefined {
  const usage = event.usage;
  if (!usage || typeof usage !== 'object') return undefined;
  const u = usage as Record<string, unknown>;
  const out: ReportedUsage = {};
  if (u.type === 'duration' && count(u.seconds) !== undefined) out.audioSeconds = count(u.seconds);
  const input = count(u.input_tokens);
  const output = count(u.output_tokens);
  if (input !== undefined) out.inputTokens = input;
  if (output !== undefined) out.outputTokens = output;
  return Object.keys(out).length > 0 ? out : undefined;
}
