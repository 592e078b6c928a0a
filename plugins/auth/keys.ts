// Virtual keys: the `sk-bf-` format, how new ones are made, and the digest
// the gateway compares and configs may hold instead of the key itself.
import { createHash, randomBytes } from 'node:crypto';

export const VIRTUAL_KEY_PREFIX = 'sk-bf-';

/** At least 16 base64url characters (96 bits) after the prefix; `keys create` makes 43 (256 bits). */
export const VIRTUAL_KEY_FORMAT = /^sk-bf-[A-Za-z0-9_-]{16,}$/;

export const VIRTUAL_KEY_FORMAT_TEXT = 'sk-bf- followed by at least 16 letters, digits, "-" or "_" (voxgate keys create makes one)';

export const VIRTUAL_KEY_NAME_FORMAT = /^[a-zA-Z0-9][a-zA-Z0-9._-]*$/;

export function generateVirtualKey(): string {
  return VIRTUAL_KEY_PREFIX + randomBytes(32).toString('base64url');
}

/** Lower-case hex sha256 of the key's UTF-8 bytes: what `key_sha256` holds. */
export function sha256Hex(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}
