// One attempt's whole-answer deadline: undici's timeouts bound the wait for
// headers and each pause between body bytes, so an upstream that drips a
// byte a second would never end. This signal aborts the attempt (the call,
// and the body still streaming to the client) `timeoutMs` after it started,
// with the 504 the client should see; a client hang-up aborts it too.
import type { GatewayError } from '../errors.js';
import { upstreamTimeout } from './network-errors.js';

export interface AttemptDeadline {
  readonly signal: AbortSignal;
  /** The answer is whole (or failed): stop the clock. */
  done(): void;
}

export function attemptDeadline(outer: AbortSignal, provider: string, timeoutMs: number): AttemptDeadline {
  const controller = new AbortController();
  const onOuter = () => controller.abort(outer.reason);
  if (outer.aborted) onOuter();
  else outer.addEventListener('abort', onOuter, { once: true });
  const timer = setTimeout(() => controller.abort(upstreamTimeout(provider, timeoutMs / 1000) satisfies GatewayError), timeoutMs);
  timer.unref();
  return {
    signal: controller.signal,
    done() {
      clearTimeout(timer);
      outer.removeEventListener('abort', onOuter);
    },
  };
}
