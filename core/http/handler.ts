// One exchange on a gateway route: build the typed request (parse and
// validate a body, or name an action), run the plugin chain, write the
// result or the error body, and report the finished exchange to the
// lifecycle hooks.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, Response } from 'express';
import type { Chain, HeadHooks } from '../chain.js';
import { createContext, createHead, type GatewayContext, type RequestHead, type RouteInfo } from '../context.js';
import { clientClosed, internalError, isGatewayError, type GatewayError } from '../errors.js';
import { mapNetworkError } from '../upstream/network-errors.js';
import { exchangeRecord, type Lifecycle } from '../lifecycle.js';
import type { Logger } from '../logger.js';
import type { ProviderRegistry } from '../registry.js';
import { buildSpeechRequest } from '../requests/speech.js';
import { buildTranscriptionRequest } from '../requests/transcription.js';
import type { GatewayConfig } from '../config/types.js';
import type { ChainRequest, GatewayRequest } from '../types.js';
import { readJsonBody } from './json-body.js';
import { readMultipart } from './multipart.js';
import { withinDeadlines } from './body-deadline.js';
import { lingerAfterAnswer, type LingerBounds } from './linger.js';
import { bodyBytesIn, credentialsOf, flatHeaders, hasUnreadBody, httpOutcome, pathOf } from './request-meta.js';
import { sendError, sendResult } from './respond.js';
import type { ActionRoute, GatewayRoute } from './route-table.js';
import type { UploadBudget } from './upload-budget.js';
import type { LongMedia } from '../long-media/runtime.js';
import { endSpan, incomingContext, runInSpan, startRequestSpan, traceIdOf } from '../telemetry/spans.js';
import { requestAttributes } from '../telemetry/attributes.js';

export interface HandlerDeps {
  config: GatewayConfig;
  providers: ProviderRegistry;
  chain: Chain;
  /** The plugins' onRequest hooks: run on the headers, before the body is read. */
  headHooks: HeadHooks;
  lifecycle: Lifecycle;
  logger: Logger;
  budget: UploadBudget;
  longMedia: LongMedia;
  /** The client's address, through the proxies server.trust_proxy trusts (as express's req.ip). */
  clientAddress: (req: IncomingMessage) => string;
}

/**
 * What a handler needs beside node's request and response: the request id
 * (already sent as x-request-id), the path's parameters and the query. The
 * hot routes call handlers with node's own objects (fast-routes.ts), express
 * with its own (`fromExpress`).
 */
export interface ExchangeMeta {
  requestId: string;
  params: Readonly<Record<string, string>>;
  query: Request['query'];
}

export type Handler = (req: IncomingMessage, res: ServerResponse, meta: ExchangeMeta) => Promise<void>;
/**
 * Builds the request; `hold` records upload bytes charged to the budget, and
 * `release` a spooled upload's file, until the exchange ends.
 */
type BuildRequest = (req: IncomingMessage, res: ServerResponse, meta: ExchangeMeta, hold: (bytes: number, release?: () => void) => void) => Promise<ChainRequest>;

/** A handler mounted on express: the id its first middleware set, express's params and query. */
export const fromExpress =
  (handle: Handler) =>
  (req: Request, res: Response): Promise<void> => {
    res.locals.reported = true; // the handler reports the exchange itself, with its context
    return handle(req, res, { requestId: String(res.locals.requestId), params: req.params as Record<string, string>, query: req.query });
  };

const MAX_FIELD_BYTES = 256 * 1024;
const MAX_FIELDS = 64;

function exchange(routeInfo: RouteInfo, build: BuildRequest, deps: HandlerDeps): Handler {
  const { chain, headHooks, lifecycle, logger, budget } = deps;
  const linger = lingerBounds(deps.config);
  return async (req, res, meta) => {
    const startedAt = performance.now();
    const { requestId } = meta;
    const abort = new AbortController();
    // Byte counts for logs: socket deltas, so keep-alive reuse is not double-counted.
    const socketReadAtStart = req.socket.bytesRead;
    const socketWrittenAtStart = req.socket.bytesWritten;
    let held = 0;
    let releaseSpool: (() => void) | undefined;
    let readyAt: number | undefined;
    let head: RequestHead | undefined;
    let ctx: GatewayContext | undefined;
    let failure: GatewayError | undefined;
    // The client's trace (traceparent) continued; a no-op without telemetry.otlp_endpoint.
    const parent = incomingContext(flatHeaders(req.headers));
    const span = startRequestSpan(`${req.method} ${routeInfo.name}`, parent, { 'http.request.method': req.method, 'url.path': pathOf(req.url), 'voxgate.request_id': requestId });

    res.once('close', () => {
      const aborted = !res.writableFinished;
      if (aborted) abort.abort(clientClosed());
      budget.give(held);
      releaseSpool?.();
      const outcome = httpOutcome(req, res);
      const traceId = traceIdOf(span); // read before the span ends: an ended span no longer records
      endSpan(span, outcome.status, requestAttributes(routeInfo.name, ctx), failure);
      lifecycle.responded(
        exchangeRecord({
          requestId,
          route: routeInfo.name,
          routeKind: routeInfo.admin ? 'admin' : 'api',
          ...outcome,
          startedAt,
          readyAt,
          traceId,
          bytesIn: ctx?.bytesIn ?? bodyBytesIn(req, socketReadAtStart),
          bytesOut: req.socket.bytesWritten - socketWrittenAtStart,
          error: failure,
          ctx,
        }),
      );
    });

    await runInSpan(span, parent, async () => {
      try {
        head = createHead({
          id: requestId,
          route: routeInfo,
          headers: flatHeaders(req.headers),
          credentials: credentialsOf(req.headers),
          clientAddress: deps.clientAddress(req),
          startedAt,
        });
        // Refusals on the headers alone (a bad credential) come before a byte of the body is read.
        await headHooks(head);
        const request = await build(req, res, meta, (bytes, release) => {
          held = bytes;
          releaseSpool = release;
        });
        ctx = createContext(head, { request, signal: abort.signal, bytesIn: bodyBytesIn(req, socketReadAtStart) });
        await chain(ctx);
        if (!ctx.result) throw internalError(new Error(`the plugin chain for ${routeInfo.name} ended without a result`));
        readyAt = performance.now();
        // A stream cut after its first event has been answered (with an error event); it still counts as a failure.
        failure = await sendResult(res, ctx, ctx.result);
      } catch (thrown) {
        readyAt ??= performance.now();
        // The client left: whatever broke then (its socket, the pipe into it) is no failure of ours.
        if (abort.signal.aborted) {
          failure = isGatewayError(thrown) ? thrown : clientClosed();
          return;
        }
        // Once the answer has started, only the provider's stream can break it.
        const err = isGatewayError(thrown) ? thrown : (res.headersSent ? brokenAnswer(thrown, ctx, deps) : undefined) ?? internalError(thrown);
        failure = err;
        if (err.code === 'internal_error') logger.error({ requestId, err: thrown }, 'request failed unexpectedly');
        // An unread upload: answer, then discard the rest (bounded) so the client can read the answer.
        if (hasUnreadBody(req) && err.status !== 408) lingerAfterAnswer(req, res, linger);
        const target = ctx && ctx.request.type !== 'action' ? ctx.target : undefined;
        sendError(
          res,
          err,
          { requestId, provider: target?.provider, model: target?.model, requestType: routeInfo.requestType, extraFields: ctx?.extraFields },
          head?.responseHeaders,
        );
      }
    });
  };
}

/** How much of a refused upload is read and discarded so the client sees the answer: twice the upload limit, 30 s. */
export const lingerBounds = (config: GatewayConfig): LingerBounds => ({ maxBytes: 2 * config.server.max_upload_mb * 1024 * 1024, maxMs: 30_000 });

/** A provider's answer that broke while it streamed to the client: the provider's failure, named as such. */
function brokenAnswer(thrown: unknown, ctx: GatewayContext | undefined, deps: HandlerDeps): GatewayError | undefined {
  const result = ctx?.result;
  if (!result || result.type === 'json') return undefined;
  const { provider } = result.servedBy;
  const timeoutS = (deps.providers.get(provider)?.instance.timeoutMs ?? 0) / 1000;
  return mapNetworkError(thrown, provider, timeoutS, ctx.signal);
}

/** A provider route: the body parsed and validated into a transcription or speech request. */
export function gatewayHandler(route: GatewayRoute, deps: HandlerDeps): Handler {
  const { config, providers, budget } = deps;
  const { spool, spoolMaxBytes } = deps.longMedia;
  const multipartLimits = {
    maxFileBytes: Math.floor(config.server.max_upload_mb * 1024 * 1024),
    maxFieldBytes: MAX_FIELD_BYTES,
    maxFields: MAX_FIELDS,
    spool: spoolMaxBytes === undefined ? undefined : { area: spool, maxBytes: spoolMaxBytes },
  };
  const jsonLimit = Math.floor(config.server.max_json_kb * 1024);
  const deadlines = { totalMs: config.server.body_timeout_s * 1000, idleMs: config.server.idle_timeout_s * 1000 };
  const routeInfo: RouteInfo = Object.freeze({ name: route.name, requestType: route.requestType, mode: route.mode });

  const build: BuildRequest = async (req, res, { params }, hold): Promise<GatewayRequest> => {
    const { defaultModel } = route;
    const routeDefault = defaultModel ? (given: string | undefined) => defaultModel(params, given) : undefined;
    if (route.requestType === 'transcription') {
      const form = await withinDeadlines(req, deadlines, readMultipart(req, multipartLimits, budget));
      hold(form.heldBytes, form.release);
      return buildTranscriptionRequest(form.fields, form.file, providers, routeDefault, route.task, providers.params);
    }
    return buildSpeechRequest(await withinDeadlines(req, deadlines, readJsonBody(req, res, jsonLimit)), providers, routeDefault, providers.params);
  };
  return exchange(routeInfo, build, deps);
}

/** Express's parsed query (the simple parser: text or lists of text) as plain strings. */
function queryOf(query: Request['query']): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(query)) {
    if (typeof value === 'string') out[name] = value;
    else if (Array.isArray(value)) out[name] = value.map(String);
  }
  return out;
}

/** A plugin's action route: the path and query parameters, and a POST or PATCH route's JSON body. */
export function actionHandler(route: ActionRoute, deps: HandlerDeps): Handler {
  const routeInfo: RouteInfo = Object.freeze({ name: route.name, requestType: route.requestType, mode: 'action', ...(route.admin ? { admin: true } : {}) });
  const takesBody = route.method === 'POST' || route.method === 'PATCH';
  const jsonLimit = Math.floor(deps.config.server.max_json_kb * 1024);
  const deadlines = { totalMs: deps.config.server.body_timeout_s * 1000, idleMs: deps.config.server.idle_timeout_s * 1000 };
  const build: BuildRequest = async (req, res, meta) => {
    // No body at all (POST …/rotate) is no body, not a 415: only a body that is there must be JSON.
    const body = takesBody && sendsBody(req) ? await withinDeadlines(req, deadlines, readJsonBody(req, res, jsonLimit)) : undefined;
    return { type: 'action', action: route.name, params: { ...meta.params }, query: queryOf(meta.query), ...(body !== undefined ? { body } : {}) };
  };
  return exchange(routeInfo, build, deps);
}

const sendsBody = (req: IncomingMessage): boolean => req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
