// Who is calling: the request's credential turned into a principal and the
// models it may use. Independent of the request body, so routes without a
// model (job polling) authenticate the same way.
import { VIRTUAL_KEY_PREFIX } from '../../core/kit.js';
import type { Credential, Principal } from '../../core/kit.js';
import { isForeign, presentedCredential } from './credentials.js';
import { sha256Bytes } from './keys.js';
import { forbidden, unauthorized } from './errors.js';
import { verifyJwt, type Claims } from './jwt-verify.js';
import { ModelGlobs } from './model-globs.js';
import { adminPrincipal, anonymousPrincipal, virtualKeyPrincipal } from './principals.js';
import type { AuthSettings } from './settings.js';
import type { RuntimeKeyTable } from './runtime-keys/table.js';
import type { VirtualKey } from './virtual-keys.js';

export interface Identity {
  principal: Principal;
  models: ModelGlobs;
}

const hasRole = (claim: unknown, wanted: string): boolean => claim === wanted || (Array.isArray(claim) && claim.includes(wanted));

export class Authenticator {
  constructor(
    private readonly settings: AuthSettings,
    /** Keys made through the admin API, this instance's copy (kept in step through the store). */
    private readonly runtime?: RuntimeKeyTable,
    private readonly now: () => number = Date.now,
  ) {}

  identify(credentials: readonly Credential[], clientAddress: string): Identity {
    // Auth off means off for foreign credentials: an SDK's placeholder key makes the call anonymous.
    const own = this.settings.setsAsideForeign ? credentials.filter((c) => !isForeign(c)) : credentials;
    const presented = presentedCredential(own);
    if (presented === undefined) {
      if (!this.settings.required) return { principal: anonymousPrincipal(clientAddress), models: ModelGlobs.any() };
      throw unauthorized('missing_credentials', `This gateway needs a credential: send Authorization: Bearer <virtual key (${VIRTUAL_KEY_PREFIX}…) or JWT>.`, true);
    }
    if (presented.kind === 'virtual_key') {
      // Hashed once for the three tables it is looked up in.
      const digest = sha256Bytes(presented.value);
      const admin = this.settings.adminKeys.match(digest);
      if (admin) return { principal: adminPrincipal(admin.name, { credential: 'admin_key', header: presented.source }), models: ModelGlobs.any() };
      const key = this.settings.keys.match(digest) ?? this.live(this.runtime?.match(digest));
      if (!key) throw unauthorized('unknown_virtual_key', 'The virtual key is not one this gateway knows (it may have been removed); check the key, or ask the gateway\'s admin for one.');
      return { principal: virtualKeyPrincipal(key, { credential: 'virtual_key', header: presented.source }), models: key.models };
    }
    return this.fromClaims(verifyJwt(presented.value, this.settings.jwt), presented.source);
  }

  /** A run-time key, refused once past its expires_at. */
  private live(key: (VirtualKey & { expiresAtMs?: number }) | undefined): VirtualKey | undefined {
    if (key?.expiresAtMs !== undefined && key.expiresAtMs <= this.now()) {
      throw unauthorized('virtual_key_expired', `Virtual key "${key.name}" expired at ${new Date(key.expiresAtMs).toISOString()}; ask the gateway's admin for a new key (or a later expires_at).`);
    }
    return key;
  }

  private fromClaims(claims: Claims, header: Credential['source']): Identity {
    const { adminRole, adminValue, virtualKey } = this.settings.claims;
    const subject = typeof claims.sub === 'string' && claims.sub !== '' ? claims.sub : undefined;
    const isAdmin = hasRole(claims[adminRole], adminValue);
    const keyName = claims[virtualKey];
    if (isAdmin && keyName !== undefined) {
      throw unauthorized('invalid_token', `The token carries both the admin role (${adminRole}) and a virtual key (${virtualKey}); mint a token with one or the other.`);
    }
    if (isAdmin) {
      if (!subject) throw unauthorized('invalid_token', 'An admin token needs a sub claim naming who holds it (voxgate token --admin --sub NAME).');
      return { principal: adminPrincipal(subject, { credential: 'jwt', header, subject }), models: ModelGlobs.any() };
    }
    if (keyName !== undefined) {
      if (typeof keyName !== 'string') throw unauthorized('invalid_token', `The token's ${virtualKey} claim must be a virtual key's name (text).`);
      const key = this.settings.keys.named(keyName) ?? this.live(this.runtime?.named(keyName));
      if (!key) throw unauthorized('unknown_virtual_key', `The token names virtual key "${keyName}", which this gateway does not have (it may have been removed); get a token for a configured key.`);
      return { principal: virtualKeyPrincipal(key, { credential: 'jwt', header, subject }), models: key.models };
    }
    // Authentic, but it grants nothing here: permission, not authentication, is missing.
    throw forbidden('token_grants_no_access', `The token is valid but grants no access: it needs ${adminRole}: ${adminValue} (an admin) or ${virtualKey}: <virtual key name>. Mint one with voxgate token.`);
  }
}
