// Opening a vendor's realtime socket: the base URL's scheme turned into
// ws(s), a connect deadline, and a refused upgrade (401, 429, …) turned into
// the GatewayError the client sees, the vendor's key scrubbed from it.
import { WebSocket, type RawData } from 'ws';
import { GatewayError } from '../errors.js';
import type { ProviderCall } from '../provider.js';
import { scrubSecrets } from '../upstream/provider-error.js';
import { upstreamTimeout, upstreamUnreachable } from '../upstream/network-errors.js';
import type { JsonObject } from '../json-payload.js';
import type { RealtimeClientEvent, RealtimeSink, RealtimeUpstream } from './contract.js';

/** https://host/v1 → wss://host/v1 (http → ws); a ws(s) URL is kept. */
export function websocketUrl(base: string): string {
  return base.replace(/\/+$/, '').replace(/^http(s?):\/\//i, (_m, s: string) => `ws${s}://`);
}

export interface UpstreamSocketInit {
  url: string;
  headers?: Record<string, string>;
  protocols?: string[];
}

const MAX_UPSTREAM_FRAME = 16 * 1024 * 1024;

/** Opens the socket; resolves once it is open. A failure is a GatewayError (502, 504, or the vendor's own status). */
export function openUpstreamSocket(call: ProviderCall, init: UpstreamSocketInit): Promise<WebSocket> {
  const provider = call.provider.name;
  const secrets = call.provider.keys.map((k) => k.value);
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(init.url, init.protocols ?? [], { headers: init.headers, handshakeTimeout: call.provider.timeoutMs, maxPayload: MAX_UPSTREAM_FRAME, perMessageDeflate: false });
    const fail = (err: GatewayError): void => {
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      socket.terminate();
      reject(err);
    };
    const onAbort = (): void => fail(upstreamUnreachable(provider, 'the session ended while connecting'));
    call.signal.addEventListener('abort', onAbort, { once: true });
    socket.once('open', () => {
      call.signal.removeEventListener('abort', onAbort);
      socket.removeAllListeners('error');
      socket.removeAllListeners('unexpected-response');
      resolve(socket);
    });
    socket.once('unexpected-response', (_req, res) => {
      call.signal.removeEventListener('abort', onAbort);
      const status = res.statusCode ?? 502;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (body.length < 2048) body += chunk;
      });
      res.on('end', () => fail(refusedUpgrade(provider, status, scrubSecrets(body.slice(0, 300), secrets))));
      res.on('error', () => fail(refusedUpgrade(provider, status, '')));
    });
    socket.once('error', (err: Error & { code?: string }) => {
      call.signal.removeEventListener('abort', onAbort);
      if (/timed out/i.test(err.message)) fail(upstreamTimeout(provider, call.provider.timeoutMs / 1000));
      else fail(upstreamUnreachable(provider, scrubSecrets(err.code ?? err.message, secrets)));
    });
  });
}

/** The vendor answered the upgrade with an HTTP status instead of a socket. */
function refusedUpgrade(provider: string, status: number, excerpt: string): GatewayError {
  const said = excerpt.trim() ? `: ${excerpt.trim()}` : '';
  const mapped = status === 401 || status === 403 || status === 429 ? status : 502;
  return new GatewayError({
    status: mapped,
    type: mapped === 429 ? 'rate_limit_error' : mapped === 502 ? 'upstream_error' : 'authentication_error',
    code: mapped === 502 ? 'upstream_refused_session' : `provider_${status}`,
    message: `Provider "${provider}" refused the realtime session with HTTP ${status}${said}. Check the provider's key and model.`,
    fromProvider: true,
    scope: 'upstream',
  });
}

/** A frame's text, whatever ws handed over. */
export function frameText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

/** Reports the socket's end to the sink once: a close (with its code), or an error before it. */
export function reportClose(socket: WebSocket, sink: RealtimeSink, provider: string, closedByUs: () => boolean): void {
  let reported = false;
  const report = (info: Parameters<RealtimeSink['closed']>[0]): void => {
    if (reported || closedByUs()) return;
    reported = true;
    sink.closed(info);
  };
  socket.on('error', (err) => report({ code: 1011, reason: 'upstream error', error: upstreamUnreachable(provider, err.message) }));
  socket.on('close', (code, reason) => {
    const text = reason.toString('utf8');
    report({ code, reason: text, error: upstreamUnreachable(provider, `the realtime socket closed with ${code}${text ? ` ${text}` : ''}`) });
  });
}

/** Each text frame that is a JSON object, parsed; binary frames and anything else are dropped. */
export function onJsonMessages(socket: WebSocket, handle: (message: JsonObject) => void): void {
  socket.on('message', (data, isBinary) => {
    if (isBinary) return;
    let message: unknown;
    try {
      message = JSON.parse(frameText(data));
    } catch {
      return;
    }
    if (typeof message === 'object' && message !== null && !Array.isArray(message)) handle(message as JsonObject);
  });
}

/**
 * The upstream a session holds, over an open vendor socket: `send` writes a
 * client event in the vendor's protocol, `beforeClose` says goodbye in it.
 * The sink hears of the socket's end unless the session closed it.
 */
export function socketUpstream(socket: WebSocket, sink: RealtimeSink, provider: string, send: (event: RealtimeClientEvent) => void, beforeClose?: () => void): RealtimeUpstream {
  let closedByUs = false;
  reportClose(socket, sink, provider, () => closedByUs);
  return {
    send,
    get bufferedAmount() {
      return socket.bufferedAmount;
    },
    pause: () => socket.pause(),
    resume: () => socket.resume(),
    close() {
      closedByUs = true;
      if (socket.readyState === socket.OPEN) beforeClose?.();
      socket.close(1000);
      setTimeout(() => socket.terminate(), 1000).unref();
    },
  };
}
