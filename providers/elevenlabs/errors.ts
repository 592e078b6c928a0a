// ElevenLabs' error answers: {"detail": {"status", "message"}} for its own
// refusals (invalid_api_key, voice_not_found, quota_exceeded, …), and
// FastAPI's {"detail": [{"loc", "msg", "type"}]} for request validation (422).
import type { VendorErrorDetail } from '../../core/kit.js';

interface ValidationItem {
  loc?: Array<string | number>;
  msg?: string;
  type?: string;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

// loc starts with where the value was ("body", "query"); the rest names it.
const fieldOf = (item: ValidationItem): string | undefined =>
  (item.loc ?? []).filter((part, i) => !(i === 0 && (part === 'body' || part === 'query' || part === 'path'))).join('.') || undefined;

function validationDetail(items: ValidationItem[]): VendorErrorDetail {
  const message = items.map((item) => [fieldOf(item), item.msg ?? 'invalid value'].filter(Boolean).join(': ')).join('; ');
  return { message, code: str(items[0]?.type) ?? 'validation_error', param: fieldOf(items[0] ?? {}) };
}

export function elevenLabsErrorDetail(body: unknown): VendorErrorDetail | undefined {
  const detail = (body as { detail?: unknown } | null)?.detail;
  if (typeof detail === 'string') return { message: detail };
  if (Array.isArray(detail)) return validationDetail(detail as ValidationItem[]);
  if (detail === null || typeof detail !== 'object') return undefined;
  const d = detail as Record<string, unknown>;
  // Newer answers carry code/type/param beside message; older ones a status word.
  return { message: str(d.message), code: str(d.code) ?? str(d.status), type: str(d.type), param: str(d.param) };
}
