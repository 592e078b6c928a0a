// Which credential a request presents, and what kind it is. A request may
// send the same token in several headers (SDKs add one, proxies another);
// different tokens are refused, because acting as either would be a guess.
import type { Credential } from '../../core/kit.js';
import { VIRTUAL_KEY_PREFIX } from './keys.js';
import { unauthorized } from './errors.js';

export type CredentialKind = 'virtual_key' | 'jwt';

export interface PresentedCredential {
  kind: CredentialKind;
  value: string;
  /** The header it came from (the first, when several carried it). */
  source: Credential['source'];
}

const HEADER_NAMES: Readonly<Record<Credential['source'], string>> = {
  authorization: 'Authorization',
  'x-bf-vk': 'x-bf-vk',
  'api-key': 'api-key',
};

// header.payload.signature, base64url; the signature may be empty (alg "none"), which verification refuses.
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** Shaped as neither a virtual key nor a JWT: a vendor's key, or a placeholder an SDK insists on. */
export const isForeign = (c: Credential): boolean => c.value !== '' && !c.value.startsWith(VIRTUAL_KEY_PREFIX) && !JWT_SHAPE.test(c.value);

/** The foreign credential a request carries, when it carries exactly one value of that kind. */
export function foreignCredential(credentials: readonly Credential[]): string | undefined {
  const values = new Set(credentials.filter(isForeign).map((c) => c.value));
  return values.size === 1 ? [...values][0] : undefined;
}

export const headerName = (source: Credential['source']): string => HEADER_NAMES[source];

/** The one credential of the request, or undefined when it sent none. */
export function presentedCredential(credentials: readonly Credential[]): PresentedCredential | undefined {
  if (credentials.length === 0) return undefined;
  for (const c of credentials) {
    if (c.value !== '') continue;
    const expected = c.source === 'authorization' ? '"Bearer <token>"' : 'a virtual key or JWT';
    throw unauthorized('malformed_credentials', `The ${headerName(c.source)} header is empty or not in the form ${expected}; send Authorization: Bearer <virtual key or JWT>.`);
  }
  const values = new Set(credentials.map((c) => c.value));
  if (values.size > 1) {
    const headers = credentials.map((c) => headerName(c.source)).join(', ');
    throw unauthorized('conflicting_credentials', `The request carries different credentials in ${headers}; send one credential (or the same one in each header).`);
  }
  const { value, source } = credentials[0]!;
  if (value.startsWith(VIRTUAL_KEY_PREFIX)) return { kind: 'virtual_key', value, source };
  if (JWT_SHAPE.test(value)) return { kind: 'jwt', value, source };
  throw unauthorized(
    'malformed_credentials',
    `The credential in the ${headerName(source)} header is neither a virtual key (${VIRTUAL_KEY_PREFIX}…) nor a JWT; send one of those as Authorization: Bearer <token>.`,
  );
}
