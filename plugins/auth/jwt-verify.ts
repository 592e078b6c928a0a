// Verifies a JWT against the configured keys: the algorithm must be one
// config pins, the key is the one bound to that algorithm's family, and exp
// (required), nbf, iss and aud are checked with the clock tolerance.
import jwt from 'jsonwebtoken';
import type { GatewayError } from '../../core/kit.js';
import { JWT_ALGORITHMS, isHmacAlgorithm, type JwtAlgorithm } from './auth-config.js';
import type { JwtKeys } from './jwt-keys.js';
import { unauthorized } from './errors.js';

export type Claims = Readonly<Record<string, unknown>>;

const MINT_HINT = 'get a new token (voxgate token mints one)';

function describeFailure(err: unknown, keys: JwtKeys): GatewayError {
  if (err instanceof jwt.TokenExpiredError) {
    return unauthorized('token_expired', `The token expired at ${err.expiredAt.toISOString()}; ${MINT_HINT}.`);
  }
  if (err instanceof jwt.NotBeforeError) {
    return unauthorized('token_not_yet_valid', `The token is not valid before ${err.date.toISOString()} (its nbf claim); check the clock of whatever minted it.`);
  }
  const text = err instanceof Error ? err.message : '';
  if (text.startsWith('jwt issuer invalid')) return unauthorized('invalid_token', `The token's issuer (iss) is not "${keys.issuer}", the one this gateway accepts; ${MINT_HINT}.`);
  if (text.startsWith('jwt audience invalid')) return unauthorized('invalid_token', `The token's audience (aud) is not "${keys.audience}", the one this gateway accepts; ${MINT_HINT}.`);
  if (text === 'invalid signature') return unauthorized('invalid_token', `The token's signature does not verify: it was not signed with this gateway's key; ${MINT_HINT}.`);
  return unauthorized('invalid_token', `The token could not be verified (${text || 'malformed'}); ${MINT_HINT}.`);
}

export function verifyJwt(token: string, keys: JwtKeys | undefined): Claims {
  if (keys === undefined) {
    throw unauthorized('jwt_not_accepted', 'This gateway accepts no JWTs (auth.jwt is not configured); authenticate with a virtual key (sk-bf-…) instead.');
  }
  const decoded = jwt.decode(token, { complete: true });
  if (decoded === null || typeof decoded.payload === 'string') {
    throw unauthorized('invalid_token', `The token is not a JWT with a JSON claims object; ${MINT_HINT}.`);
  }
  // RFC 7515 §4.1.11: extensions marked critical must be understood, and this gateway understands none.
  if ((decoded.header as { crit?: unknown }).crit !== undefined) {
    throw unauthorized('invalid_token', `The token's header marks extensions as critical (crit), which this gateway does not understand; ${MINT_HINT} without crit.`);
  }
  const alg = String(decoded.header.alg);
  if (!keys.accepted.includes(alg as JwtAlgorithm)) {
    // Name the algorithm only when it is a known one: the header is the client's text.
    const named = (JWT_ALGORITHMS as readonly string[]).includes(alg) || alg === 'none' ? `"${alg}"` : 'an unknown algorithm';
    throw unauthorized('invalid_token', `The token is signed with ${named}, which this gateway does not accept (accepted: ${keys.accepted.join(', ')}); ${MINT_HINT}.`);
  }
  const binding = isHmacAlgorithm(alg as JwtAlgorithm) ? keys.hmac : keys.asymmetric;
  if (binding === undefined) throw unauthorized('invalid_token', `The token's algorithm "${alg}" has no key configured; ${MINT_HINT}.`);
  let claims: jwt.JwtPayload;
  try {
    const verified = jwt.verify(token, binding.key, {
      algorithms: binding.algorithms,
      issuer: keys.issuer,
      audience: keys.audience,
      clockTolerance: keys.clockToleranceS,
    });
    if (typeof verified === 'string') throw new Error('malformed');
    claims = verified;
  } catch (err) {
    throw describeFailure(err, keys);
  }
  // A token without exp could only be revoked by rotating the key for everyone.
  if (typeof claims.exp !== 'number') throw unauthorized('invalid_token', `The token has no expiry (exp claim); this gateway accepts only tokens that expire: ${MINT_HINT}.`);
  return claims;
}
