// What a request's span says about it once answered: route, model and
// provider, audio seconds (transcripts) and characters (speech input).
import type { Attributes } from '@opentelemetry/api';
import type { GatewayContext } from '../context.js';
import { JsonPayload } from '../json-payload.js';

function audioSeconds(ctx: GatewayContext): number | undefined {
  const result = ctx.result;
  if (result?.type !== 'transcription' || !(result.body instanceof JsonPayload)) return undefined;
  const { duration, usage } = result.body.value as { duration?: unknown; usage?: { seconds?: unknown } };
  if (typeof duration === 'number') return duration;
  return typeof usage?.seconds === 'number' ? usage.seconds : undefined;
}

export function requestAttributes(route: string, ctx: GatewayContext | undefined): Attributes {
  const attributes: Attributes = { 'voxgate.route': route };
  if (!ctx) return attributes;
  const { request } = ctx;
  if (ctx.principal) attributes['voxgate.principal'] = ctx.principal.name;
  if (request.type === 'action') return attributes;
  const served = ctx.result && ctx.result.type !== 'json' ? ctx.result.servedBy : undefined;
  attributes['voxgate.model_requested'] = `${request.model.provider}/${request.model.model}`;
  attributes['voxgate.provider'] = served?.provider ?? ctx.target.provider;
  attributes['voxgate.model'] = served?.model ?? ctx.target.model;
  if (request.type === 'speech') attributes['voxgate.characters'] = request.input.length;
  const seconds = audioSeconds(ctx);
  if (seconds !== undefined) attributes['voxgate.audio_seconds'] = seconds;
  return attributes;
}
