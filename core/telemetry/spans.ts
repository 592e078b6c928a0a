// Spans around a request, each plugin and each upstream attempt, through
// @opentelemetry/api. Without telemetry.otlp_endpoint no SDK is registered
// and every call here is the API's no-op; with it, a client's traceparent is
// continued and each upstream call carries the current one.
import { SpanKind, SpanStatusCode, context, propagation, trace, type Attributes, type Context, type Span } from '@opentelemetry/api';

const tracer = () => trace.getTracer('voxgate');

/** The context a request runs in: the client's trace when its headers carry one. */
export const incomingContext = (headers: Readonly<Record<string, string | undefined>>): Context =>
  propagation.extract(context.active(), headers, { get: (h, key) => h[key], keys: (h) => Object.keys(h) });

export function startRequestSpan(name: string, parent: Context, attributes: Attributes): Span {
  return tracer().startSpan(name, { kind: SpanKind.SERVER, attributes }, parent);
}

export const runInSpan = <T>(span: Span, parent: Context, fn: () => T): T => context.with(trace.setSpan(parent, span), fn);

/** The trace id, when a real trace is being recorded. */
export function traceIdOf(span: Span | undefined): string | undefined {
  const sc = span?.spanContext();
  return sc && trace.isSpanContextValid(sc) && span!.isRecording() ? sc.traceId : undefined;
}

export function endSpan(span: Span, status: number, attributes: Attributes, error?: { code: string; message: string }): void {
  span.setAttributes({ ...attributes, 'http.response.status_code': status });
  if (status >= 500 || error) span.setStatus({ code: SpanStatusCode.ERROR, message: error?.code });
  span.end();
}

/** `fn()`'s promise, a synchronous throw included as its rejection (what an async function would return, without its extra promise). */
function settled<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return fn();
  } catch (err) {
    return Promise.reject(err);
  }
}

/**
 * Runs `fn` in a child span of the current one, ended when it settles.
 * Without a recording tracer it is `fn()` itself: the chain calls this for
 * every plugin on every request, and an async wrapper would add a promise
 * and its ticks each time.
 */
export function childSpan<T>(name: string, attributes: Attributes, fn: () => Promise<T>, kind: SpanKind = SpanKind.INTERNAL): Promise<T> {
  const span = tracer().startSpan(name, { kind, attributes });
  return span.isRecording() ? inSpan(span, fn) : settled(fn);
}

async function inSpan<T>(span: Span, fn: () => Promise<T>): Promise<T> {
  try {
    return await context.with(trace.setSpan(context.active(), span), fn);
  } catch (err) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: (err as { code?: string }).code ?? 'error' });
    throw err;
  } finally {
    span.end();
  }
}

/** An upstream attempt: a client span whose traceparent goes in the request's headers. */
export function upstreamSpan<T extends { status: number }>(provider: string, headers: Record<string, string>, fn: (headers: Record<string, string>) => Promise<T>): Promise<T> {
  const span = tracer().startSpan(`upstream ${provider}`, { kind: SpanKind.CLIENT, attributes: { 'voxgate.provider': provider } });
  return span.isRecording() ? inUpstreamSpan(span, headers, fn) : settled(() => fn(headers));
}

async function inUpstreamSpan<T extends { status: number }>(span: Span, headers: Record<string, string>, fn: (headers: Record<string, string>) => Promise<T>): Promise<T> {
  const active = trace.setSpan(context.active(), span);
  const carried = { ...headers };
  propagation.inject(active, carried);
  try {
    const res = await context.with(active, () => fn(carried));
    span.setAttribute('http.response.status_code', res.status);
    if (res.status >= 400) span.setStatus({ code: SpanStatusCode.ERROR });
    return res;
  } catch (err) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: (err as { code?: string }).code ?? 'error' });
    throw err;
  } finally {
    span.end();
  }
}

export { SpanKind };
