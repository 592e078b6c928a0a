// Request header values plugins read as numbers: one parser, one refusal
// wording, so every TTL-like header is checked the same way.
import { badRequest } from '../errors.js';

/**
 * A header holding whole seconds from 1 to `max`: undefined when absent,
 * else the number, or a 400 with `code` naming the header and its range.
 */
export function wholeSecondsHeader(value: string | undefined, name: string, max: number, code: string): number | undefined {
  if (value === undefined) return undefined;
  const seconds = /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(seconds) || seconds < 1 || seconds > max) {
    throw badRequest(code, `${name} must be a whole number of seconds from 1 to ${max}.`, name);
  }
  return seconds;
}
