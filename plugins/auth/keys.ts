// Virtual keys: the `sk-bf-` format, how new ones are made, and the digest
// the gateway compares and configs may hold instead of the key itself.
import { hash, randomBytes } from 'node:crypto';
import { VIRTUAL_KEY_PREFIX } from '../../core/kit.js';

export { VIRTUAL_KEY_PREFIX };

/** At least 16 base64url characters (96 bits) after the prefix; `keys create` makes 43 (256 bits). */
export const VIRTUAL_KEY_FORMAT = new RegExp(`^${VIRTUAL_KEY_PREFIX}[A-Za-z0-9_-]{16,}$`);

export const VIRTUAL_KEY_FORMAT_TEXT = `${VIRTUAL_KEY_PREFIX} followed by at least 16 letters, digits, "-" or "_" (voxgate keys create makes one)`;

export const VIRTUAL_KEY_NAME_FORMAT = /^[a-zA-Z0-9][a-zA-Z0-9._-]*$/;

export function generateVirtualKey(): string {
  return VIRTUAL_KEY_PREFIX + randomBytes(32).toString('base64url');
}

/** Lower-case hex sha256 of the key's UTF-8 bytes: what `key_sha256` holds. */
export function sha256Hex(key: string): string {
  // crypto.hash, one call: a Hash object per presented key cost ~4× as much (every request hashes one).
  return hash('sha256', key, 'hex');
}

/** The same digest as bytes, for the constant-time comparison. */
export function sha256Bytes(key: string): Buffer {
  return hash('sha256', key, 'buffer');
}
