// Small clients for tests: multipart uploads, JSON posts, and error-body
// assertions in the shape every non-2xx answer must have.
import assert from 'node:assert/strict';
import { GATEWAY_ERROR_FIELD } from '../core/bifrost-names.js';

export type Fields = Record<string, string | string[]>;

export interface UploadOptions {
  fields: Fields;
  file?: { bytes: Buffer; filename?: string; type?: string };
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export function form(options: UploadOptions): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(options.fields)) {
    for (const v of Array.isArray(value) ? value : [value]) data.append(name, v);
  }
  if (options.file) {
    data.append('file', new Blob([options.file.bytes], { type: options.file.type ?? 'audio/mpeg' }), options.file.filename ?? 'audio.mp3');
  }
  return data;
}

export function upload(url: string, options: UploadOptions): Promise<Response> {
  return fetch(url, { method: 'POST', body: form(options), headers: options.headers, signal: options.signal });
}

export function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } });
}

export interface ErrorBodyShape {
  event_id: string;
  type: string;
  [GATEWAY_ERROR_FIELD]: boolean;
  status_code: number;
  error: { type: string; code: string; message: string; param?: string; event_id: string };
  extra_fields: Record<string, unknown>;
}

/** Asserts the status and the full error shape; returns the body for further checks. */
export async function expectError(res: Response, status: number, code?: string): Promise<ErrorBodyShape> {
  const text = await res.text();
  assert.equal(res.status, status, `expected ${status}, got ${res.status}: ${text}`);
  assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
  const body = JSON.parse(text) as ErrorBodyShape;
  assert.equal(body.status_code, status);
  assert.equal(typeof body.event_id, 'string');
  assert.equal(body.error.event_id, body.event_id);
  assert.equal(res.headers.get('x-request-id'), body.event_id);
  assert.equal(typeof body.error.message, 'string');
  assert.ok(body.error.message.length > 10, 'the message must say what to fix');
  assert.equal(typeof body.error.type, 'string');
  assert.equal(typeof body[GATEWAY_ERROR_FIELD], 'boolean');
  assert.equal(typeof body.extra_fields, 'object');
  if (code) assert.equal(body.error.code, code, `expected code ${code}: ${body.error.message}`);
  assert.doesNotMatch(text, /\n\s+at /, 'no stack trace in an error body');
  return body;
}
