// Per-request facts read off the raw request: the request id (the client's,
// if it is sane, else a new one), the credentials it presented, and how the
// exchange ended.
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Credential } from '../context.js';
import { BF_HEADERS } from '../bifrost-names.js';

const SANE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdFor(headers: IncomingHttpHeaders): string {
  const given = headers['x-request-id'];
  return typeof given === 'string' && SANE_ID.test(given) ? given : randomUUID();
}

/** Every credential the client sent; which one counts is the auth plugin's call. */
export function credentialsOf(headers: IncomingHttpHeaders): Credential[] {
  const out: Credential[] = [];
  const authorization = headers.authorization;
  // An empty Authorization is kept too (with an empty value): auth calls it malformed, not missing.
  if (typeof authorization === 'string') {
    const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
    // A non-Bearer scheme is kept with an empty value, so auth can call it malformed.
    out.push({ source: 'authorization', value: match ? match[1]!.trim() : '' });
  }
  const vk = headers[BF_HEADERS.virtualKey];
  if (typeof vk === 'string' && vk !== '') out.push({ source: BF_HEADERS.virtualKey, value: vk.trim() });
  const apiKey = headers['api-key'];
  if (typeof apiKey === 'string' && apiKey !== '') out.push({ source: 'api-key', value: apiKey.trim() });
  return out;
}

/** Lower-cased single-valued headers, for plugins. */
export function flatHeaders(headers: IncomingHttpHeaders): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers)) out[name] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}

/** True when the request announced a body that has not been read to its end. */
export function hasUnreadBody(req: IncomingMessage): boolean {
  if (req.complete) return false;
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * The body bytes a request brought, for the exchange record when no context
 * counted them: its declared length once the body has been read to its end
 * (read, or drained after the answer), else what the socket read since the
 * handler started (a small body arrives with the headers, before that
 * point, so the socket's delta alone would count it as 0).
 */
export function bodyBytesIn(req: IncomingMessage, socketReadAtStart: number): number {
  const declared = Number(req.headers['content-length']);
  if (req.complete && Number.isSafeInteger(declared) && declared >= 0) return declared;
  return Math.max(0, req.socket.bytesRead - socketReadAtStart);
}

/** The path of a request's URL, without its query (what express calls req.path). */
export function pathOf(url: string | undefined): string {
  if (!url) return '/';
  if (url.charCodeAt(0) !== 0x2f) {
    // The absolute form (GET http://host/path): rare, and what URL is for.
    try {
      return new URL(url).pathname;
    } catch {
      return url;
    }
  }
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

/** What the exchange itself says once it closed: the status sent (499 when none was) and whether it was cut short. */
export const httpOutcome = (req: IncomingMessage, res: ServerResponse): { method: string; path: string; status: number; aborted: boolean } => ({
  method: req.method ?? 'GET',
  path: pathOf(req.url),
  status: res.headersSent ? res.statusCode : 499,
  aborted: !res.writableFinished,
});
