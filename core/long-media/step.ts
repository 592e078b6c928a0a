// The long-media step of the chain, placed just ahead of fallback: the
// whole request has passed auth, limits, the async queue and the cache as
// one; here a request over its providers' declared limits (bytes, seconds,
// characters) is split, and each part runs the rest of the chain (fallback,
// logging, the provider) on its own. Everything else passes straight on.
import type { GatewayContext } from '../context.js';
import type { Terminal } from '../chain.js';
import { payloadTooLarge } from '../errors.js';
import type { ProviderRegistry } from '../registry.js';
import { isProviderRequest, type ModelRef, type SpeechRequest, type TranscriptionRequest } from '../types.js';
import type { LongMedia } from './runtime.js';
import { speakLong, speechPlan } from './speak-long.js';
import { transcribeLong, type AudioLimits } from './transcribe-long.js';
import { probe } from './media.js';

const mb = (bytes: number): string => `${Math.round((bytes / 1024 / 1024) * 100) / 100} MB`;

/** The tightest declared limit among the targets a request may go to. */
function tightest(values: Array<number | undefined>): number | undefined {
  const set = values.filter((v): v is number => typeof v === 'number' && v > 0);
  return set.length > 0 ? Math.min(...set) : undefined;
}

export function audioLimits(registry: ProviderRegistry, targets: readonly ModelRef[]): AudioLimits & { provider?: string } {
  const limitsOf = (t: ModelRef) => registry.get(t.provider)?.adapter.capabilities.transcription?.limits;
  const maxBytes = tightest(targets.map((t) => limitsOf(t)?.maxUploadBytes));
  const maxSeconds = tightest(targets.map((t) => limitsOf(t)?.maxDurationSeconds));
  const provider = targets.find((t) => limitsOf(t)?.maxUploadBytes === maxBytes)?.provider;
  return { maxBytes, maxSeconds, provider };
}

export function speechLimit(registry: ProviderRegistry, targets: readonly ModelRef[]): number | undefined {
  return tightest(
    targets.map((t) => {
      const limits = registry.get(t.provider)?.adapter.capabilities.speech?.limits;
      return limits?.maxInputCharsByModel?.[t.model] ?? limits?.maxInputChars;
    }),
  );
}

export function createLongMediaStep(long: LongMedia, registry: ProviderRegistry, rest: Terminal): Terminal {
  return async (ctx: GatewayContext): Promise<void> => {
    const { request } = ctx;
    if (!isProviderRequest(request)) return rest(ctx);
    const targets = [request.model, ...request.fallbacks];
    if (request.type === 'transcription') return transcription(ctx, request, targets);
    return speech(ctx, request, targets);
  };

  async function transcription(ctx: GatewayContext, req: TranscriptionRequest, targets: ModelRef[]): Promise<void> {
    const limits = audioLimits(registry, targets);
    const overBytes = limits.maxBytes !== undefined && req.file.size > limits.maxBytes;
    if (!long.tools) {
      if (overBytes || req.file.spool) {
        throw payloadTooLarge(
          `The file is ${mb(req.file.size)}; provider "${limits.provider ?? req.model.provider}" takes at most ${mb(limits.maxBytes ?? 0)} per upload, and the gateway cannot split it: long audio is off (${long.offReason}).`,
          'file',
        );
      }
      return rest(ctx);
    }
    let overSeconds = false;
    if (!overBytes && !req.file.spool && limits.maxSeconds !== undefined) {
      // Only providers that declare a duration limit cost a probe.
      const spoolFile = await long.spool.writeTemp(req.file.chunks);
      try {
        overSeconds = (await probe(long.tools, spoolFile.path, req.file.filename, ctx.signal)).duration > limits.maxSeconds;
      } finally {
        await spoolFile.done();
      }
    }
    if (!overBytes && !overSeconds && !req.file.spool) return rest(ctx);
    const formats = registry.get(req.model.provider)?.adapter.capabilities.transcription?.formats ?? [];
    await transcribeLong(ctx, req, long.tools, long, limits, rest, formats.includes('verbose_json'));
  }

  async function speech(ctx: GatewayContext, req: SpeechRequest, targets: ModelRef[]): Promise<void> {
    const maxChars = speechLimit(registry, targets);
    // Several speakers' dialogue, and answers a param reshapes (JSON with timings, say), are the provider's own whole: not split.
    const reshaped = registry.params.answerShapers('speech', req.providerOptions).length > 0;
    if (maxChars === undefined || req.input.length <= maxChars || Array.isArray(req.voice) || reshaped) return rest(ctx);
    const offered = registry.get(req.model.provider)?.adapter.capabilities.speech?.formats ?? [];
    const plan = speechPlan(req.response_format, offered, long.tools, maxChars);
    await speakLong(ctx, req, plan, maxChars, long.tools, rest);
  }
}
