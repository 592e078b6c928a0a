// Request validation problems as the 400 a client sees: the first problem
// names the field (param) and says what to send instead.
import { badRequest, type GatewayError } from '../errors.js';
import type { Problem } from '../validation.js';
import { pathOf } from '../config/errors.js';

const fieldPath = (segments: ReadonlyArray<string | number>): string => pathOf(segments);

export function requestProblem(problems: readonly Problem[]): GatewayError {
  const [first, ...rest] = problems;
  const param = fieldPath(first!.segments);
  const more = rest.length > 0 ? ` (and ${rest.length} more: ${rest.map((p) => `${fieldPath(p.segments) || 'body'} ${p.message}`).join('; ')})` : '';
  return badRequest('invalid_request', `${param || 'The body'} ${first!.message}${more}.`, param || undefined);
}

/** Client text echoed in a message, kept short. */
export const clip = (text: string, max = 80): string => (text.length > max ? `${text.slice(0, max)}…` : text);
