// Opening one target's upstream for a session: the adapter's realtime
// capability, the provider call (its first key, the session's signal) and
// the session as that adapter sees it.
import { keyFor } from '../capabilities.js';
import { GatewayError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { ProviderRegistry } from '../registry.js';
import type { ModelRef } from '../types.js';
import type { RealtimeSink, RealtimeUpstream } from './contract.js';
import { realtimeOf, sessionFor, type SessionSettings } from './targets.js';

export interface UpstreamAttempt {
  id: string;
  target: ModelRef;
  settings: SessionSettings;
  signal: AbortSignal;
  sink: RealtimeSink;
}

export async function openUpstream(deps: { providers: ProviderRegistry; logger: Logger }, attempt: UpstreamAttempt): Promise<RealtimeUpstream> {
  const { target, settings, id } = attempt;
  const { entry, realtime } = realtimeOf(deps.providers.get(target.provider), target, settings);
  const call = {
    provider: entry.instance,
    key: keyFor(entry, 0),
    signal: attempt.signal,
    logger: deps.logger.child({ requestId: id, provider: entry.instance.name }),
    http: entry.http,
    requestId: id,
  };
  return realtime.connect({ session: sessionFor(target, settings), call, sink: attempt.sink });
}

/** A client-visible problem with the session or a frame (a 400 unless said otherwise). */
export function badFrame(code: string, message: string, param?: string, status = 400, type = 'invalid_request_error'): GatewayError {
  return new GatewayError({ status, type, code, message, param });
}
