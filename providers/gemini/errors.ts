// Google's error answers: {"error": {"code": 400, "message", "status": "INVALID_ARGUMENT", "details"}}.
import type { VendorErrorDetail } from '../../core/kit.js';

export function geminiErrorDetail(body: unknown): VendorErrorDetail | undefined {
  const error = (body as { error?: unknown } | null)?.error;
  if (!error || typeof error !== 'object') return undefined;
  const e = error as Record<string, unknown>;
  return { message: typeof e.message === 'string' ? e.message : undefined, code: typeof e.status === 'string' ? e.status : undefined };
}
