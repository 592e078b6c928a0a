// One gateway route: parse and validate the body into a typed request, run
// the plugin chain, write the result or the error body, and report the
// finished exchange to the lifecycle hooks.
import type { Request, Response } from 'express';
import type { Chain } from '../chain.js';
import { createContext, type GatewayContext } from '../context.js';
import { clientClosed, internalError, isGatewayError, type GatewayError } from '../errors.js';
import type { Lifecycle } from '../lifecycle.js';
import type { Logger } from '../logger.js';
import type { ProviderRegistry } from '../registry.js';
import { buildSpeechRequest } from '../requests/speech.js';
import { buildTranscriptionRequest } from '../requests/transcription.js';
import type { GatewayConfig } from '../config/types.js';
import type { GatewayRequest } from '../types.js';
import { readJsonBody } from './json-body.js';
import { readMultipart } from './multipart.js';
import { credentialsOf, flatHeaders, hasUnreadBody } from './request-meta.js';
import { sendError, sendResult } from './respond.js';
import type { GatewayRoute } from './route-table.js';
import type { UploadBudget } from './upload-budget.js';

export interface HandlerDeps {
  config: GatewayConfig;
  providers: ProviderRegistry;
  chain: Chain;
  lifecycle: Lifecycle;
  logger: Logger;
  budget: UploadBudget;
}

const MAX_FIELD_BYTES = 256 * 1024;
const MAX_FIELDS = 64;

export function gatewayHandler(route: GatewayRoute, deps: HandlerDeps) {
  const { config, providers, chain, lifecycle, logger, budget } = deps;
  const multipartLimits = { maxFileBytes: Math.floor(config.server.max_upload_mb * 1024 * 1024), maxFieldBytes: MAX_FIELD_BYTES, maxFields: MAX_FIELDS };
  const jsonLimit = Math.floor(config.server.max_json_kb * 1024);
  const routeInfo = Object.freeze({ name: route.name, requestType: route.requestType, mode: route.mode });

  async function parse(req: Request, res: Response, hold: (bytes: number) => void): Promise<GatewayRequest> {
    const params = req.params as Record<string, string>;
    const { defaultModel } = route;
    const routeDefault = defaultModel ? (given: string | undefined) => defaultModel(params, given) : undefined;
    if (route.requestType === 'transcription') {
      const form = await readMultipart(req, multipartLimits, budget);
      hold(form.heldBytes);
      return buildTranscriptionRequest(form.fields, form.file, providers, routeDefault);
    }
    return buildSpeechRequest(await readJsonBody(req, res, jsonLimit), providers, routeDefault);
  }

  return async (req: Request, res: Response): Promise<void> => {
    const startedAt = performance.now();
    const requestId = res.locals.requestId as string;
    const abort = new AbortController();
    // Byte counts for logs: socket deltas, so keep-alive reuse is not double-counted.
    const socketReadAtStart = req.socket.bytesRead;
    const socketWrittenAtStart = req.socket.bytesWritten;
    let held = 0;
    let ctx: GatewayContext | undefined;
    let failure: GatewayError | undefined;

    res.locals.reported = true; // this handler reports the exchange itself, with its context
    res.once('close', () => {
      const aborted = !res.writableFinished;
      if (aborted) abort.abort(clientClosed());
      budget.give(held);
      lifecycle.responded({
        requestId,
        route: route.name,
        method: req.method,
        path: req.path,
        status: res.headersSent ? res.statusCode : 499,
        durationMs: performance.now() - startedAt,
        bytesIn: ctx?.bytesIn ?? req.socket.bytesRead - socketReadAtStart,
        bytesOut: req.socket.bytesWritten - socketWrittenAtStart,
        aborted,
        error: failure,
        ctx,
      });
    });

    try {
      const request = await parse(req, res, (bytes) => (held = bytes));
      ctx = createContext({
        id: requestId,
        route: routeInfo,
        request,
        headers: flatHeaders(req.headers),
        credentials: credentialsOf(req.headers),
        clientAddress: req.ip ?? req.socket.remoteAddress ?? 'unknown',
        signal: abort.signal,
        startedAt,
        bytesIn: Number(req.headers['content-length']) || req.socket.bytesRead - socketReadAtStart,
      });
      await chain(ctx);
      if (!ctx.result) throw internalError(new Error(`the plugin chain for ${route.name} ended without a result`));
      await sendResult(res, ctx, ctx.result);
    } catch (thrown) {
      const err = isGatewayError(thrown) ? thrown : internalError(thrown);
      failure = err;
      if (err.code === 'internal_error') logger.error({ requestId, err: thrown }, 'request failed unexpectedly');
      if (abort.signal.aborted) return; // nobody is listening any more
      // An unread upload must not keep the connection busy: answer, then close it.
      if (hasUnreadBody(req)) res.setHeader('connection', 'close');
      sendError(
        res,
        err,
        {
          requestId,
          provider: ctx?.target.provider,
          model: ctx?.target.model,
          requestType: route.requestType,
          extraFields: ctx?.extraFields,
        },
        ctx?.responseHeaders,
      );
    }
  };
}
