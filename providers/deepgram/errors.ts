// Deepgram's error answers: {"err_code", "err_msg", "request_id"} on the
// REST API, and {"category", "message", "details"} on newer endpoints.
import type { VendorErrorDetail } from '../../core/kit.js';

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

export function deepgramErrorDetail(body: unknown): VendorErrorDetail | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const b = body as Record<string, unknown>;
  const message = str(b.err_msg) ?? str(b.message) ?? str(b.details);
  const code = str(b.err_code) ?? str(b.category);
  return message || code ? { message, code } : undefined;
}
