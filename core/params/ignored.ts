// What a target does not take of a request, computed from its adapter's
// declared params (capabilities.<type>.accepts): reported to the client as
// extra_fields.ignored_params (or the matching header), never dropped quietly.
// Params that change what the answer is are refused instead.
import { unsupportedByTarget, type GatewayError } from '../errors.js';
import type { ProviderAdapter } from '../provider.js';
import type { GatewayRequest, SpeechRequest, TranscriptionRequest } from '../types.js';
import type { ParamCatalog } from './catalog.js';
import { SHARED_SPEECH_PARAMS, SHARED_TRANSCRIPTION_PARAMS, type ParamSpecs } from './declared.js';

/** A typed warning about one request field the serving target did not use. */
export interface ParamWarning {
  readonly type: 'ignored_param';
  readonly param: string;
  /** `not_taken`: the adapter does not declare it; `not_applicable`: the adapter could not use it in this call. */
  readonly reason: 'not_taken' | 'not_applicable';
}

const isSet = (value: unknown): boolean => value !== undefined && !(Array.isArray(value) && value.length === 0);

const sharedFields = (req: GatewayRequest): readonly string[] => (req.type === 'speech' ? SHARED_SPEECH_PARAMS : SHARED_TRANSCRIPTION_PARAMS);

function declared(adapter: ProviderAdapter, req: GatewayRequest): { shared: readonly string[]; own: ParamSpecs } {
  const accepts = adapter.capabilities[req.type]?.accepts;
  return { shared: accepts?.shared ?? sharedFields(req), own: accepts?.own ?? {} };
}

const fieldOf = (req: GatewayRequest, name: string): unknown => (req.type === 'speech' ? req[name as keyof SpeechRequest] : req[name as keyof TranscriptionRequest]);

/**
 * The fields a target ignores: shared ones outside its `accepts.shared` (in
 * the order the request type lists them), then other adapters' params it does
 * not declare (a param that shapes the answer, when false, asks nothing).
 */
export function ignoredParams(adapter: ProviderAdapter, req: GatewayRequest, catalog: ParamCatalog): ParamWarning[] {
  const { shared, own } = declared(adapter, req);
  const names = sharedFields(req).filter((f) => !shared.includes(f) && isSet(fieldOf(req, f)));
  const table = catalog.params(req.type);
  for (const options of Object.values(req.providerOptions ?? {})) {
    for (const [name, value] of Object.entries(options)) {
      if (own[name] || names.includes(name) || !isSet(value)) continue;
      if (table.get(name)?.shapesAnswer && value === false) continue;
      names.push(name);
    }
  }
  return names.map((param) => ({ type: 'ignored_param', param, reason: 'not_taken' }));
}

/** The request as its target's adapter sees it: shared fields it does not take are not passed on. */
export function withoutIgnored<R extends GatewayRequest>(req: R, warnings: readonly ParamWarning[]): R {
  const dropped = warnings.filter((w) => sharedFields(req).includes(w.param));
  if (dropped.length === 0) return req;
  const copy = { ...req };
  for (const w of dropped) Reflect.deleteProperty(copy, w.param);
  return copy;
}

/** A param the target does not take that changes what the answer is: the request is refused, before any call. */
export function refusedParam(adapter: ProviderAdapter, name: string, req: GatewayRequest, catalog: ParamCatalog): GatewayError | undefined {
  const { own } = declared(adapter, req);
  const param = catalog.answerShapers(req.type, req.providerOptions).find((p) => !own[p]);
  if (param === undefined) return undefined;
  const takers = catalog.params(req.type).get(param)?.adapters ?? [];
  return unsupportedByTarget(
    'unsupported_by_provider',
    `Provider "${name}" does not take ${param}, which changes what the answer is; drop ${param} or use a provider whose adapter declares it (type ${takers.join(', ')}; capabilities.${req.type}.accepts.own).`,
    param,
  );
}

/** The warnings' names, as the answer reports them (extra_fields.ignored_params), each once. */
export const warningNames = (warnings: readonly ParamWarning[]): string[] => [...new Set(warnings.map((w) => w.param))];
