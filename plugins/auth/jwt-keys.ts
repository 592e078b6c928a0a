// The JWT settings turned into verification keys at start-up. Each key is
// bound to its own family of algorithms (the secret to HS*, the public key
// to RS*/PS*/ES*), which is what makes algorithm confusion impossible: a
// public key is never handed to an HMAC check.
import { createPublicKey, createSecretKey, type KeyObject } from 'node:crypto';
import type { ConfigProblem } from '../../core/kit.js';
import { isHmacAlgorithm, type JwtAlgorithm, type JwtConfig } from './auth-config.js';

export interface KeyBinding {
  key: KeyObject;
  algorithms: JwtAlgorithm[];
}

export interface JwtKeys {
  hmac?: KeyBinding;
  asymmetric?: KeyBinding;
  /** Every accepted algorithm, in config order. */
  accepted: JwtAlgorithm[];
  issuer?: string;
  audience?: string;
  clockToleranceS: number;
}

export interface CompiledJwt {
  keys?: JwtKeys;
  problems: ConfigProblem[];
}

// What each asymmetric algorithm needs of the key.
const CURVES: Partial<Record<JwtAlgorithm, string>> = { ES256: 'prime256v1', ES384: 'secp384r1', ES512: 'secp521r1' };
const CURVE_NAMES: Readonly<Record<string, string>> = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' };

function keyTypeProblem(alg: JwtAlgorithm, key: KeyObject): string | undefined {
  const type = key.asymmetricKeyType ?? 'unknown';
  const curve = key.asymmetricKeyDetails?.namedCurve;
  const has = type === 'ec' ? `an EC ${CURVE_NAMES[curve ?? ''] ?? curve ?? ''} key` : `an ${type.toUpperCase()} key`;
  const wanted = CURVES[alg];
  if (wanted !== undefined) return type === 'ec' && curve === wanted ? undefined : `${alg} needs an EC ${CURVE_NAMES[wanted]} public key, but auth.jwt.public_key is ${has}`;
  const rsaOk = type === 'rsa' || (type === 'rsa-pss' && alg.startsWith('PS'));
  return rsaOk ? undefined : `${alg} needs an RSA public key, but auth.jwt.public_key is ${has}`;
}

function parsePublicKey(pem: string, at: string, problems: ConfigProblem[]): KeyObject | undefined {
  if (/PRIVATE KEY/.test(pem)) {
    problems.push({ path: `${at}.public_key`, message: 'holds a private key: give the gateway the public key only (openssl pkey -pubout)' });
    return undefined;
  }
  try {
    return createPublicKey(pem);
  } catch (err) {
    problems.push({ path: `${at}.public_key`, message: `is not a PEM public key (${(err as Error).message}); paste the whole -----BEGIN PUBLIC KEY----- block` });
    return undefined;
  }
}

export function compileJwt(jwt: JwtConfig | undefined, at = 'auth.jwt'): CompiledJwt {
  if (jwt === undefined) return { problems: [] };
  const problems: ConfigProblem[] = [];
  if (jwt.secret === undefined && jwt.public_key === undefined) {
    return { problems: [{ path: at, message: 'needs secret (for HS256) or public_key (for RS256, PS256 or ES256)' }] };
  }
  if (jwt.algorithms === undefined && jwt.public_key !== undefined) {
    return { problems: [{ path: `${at}.algorithms`, message: 'is required with public_key: pin the key\'s algorithm, e.g. [RS256] or [ES256]' }] };
  }
  const accepted = jwt.algorithms ?? ['HS256'];
  const hmacAlgs = accepted.filter(isHmacAlgorithm);
  const asymAlgs = accepted.filter((a) => !isHmacAlgorithm(a));
  const listed = (algs: JwtAlgorithm[]) => algs.join(', ');

  if (hmacAlgs.length > 0 && jwt.secret === undefined) problems.push({ path: `${at}.secret`, message: `is required: ${at}.algorithms lists ${listed(hmacAlgs)}, which are checked with a shared secret` });
  if (asymAlgs.length > 0 && jwt.public_key === undefined) problems.push({ path: `${at}.public_key`, message: `is required: ${at}.algorithms lists ${listed(asymAlgs)}, which are checked with a public key (PEM)` });
  if (jwt.secret !== undefined && hmacAlgs.length === 0) problems.push({ path: `${at}.secret`, message: `is set, but ${at}.algorithms lists no HS algorithm, so it would never be used: add HS256 or remove the secret` });
  if (jwt.public_key !== undefined && asymAlgs.length === 0) problems.push({ path: `${at}.public_key`, message: `is set, but ${at}.algorithms lists no RS, PS or ES algorithm, so it would never be used` });

  let asymmetric: KeyBinding | undefined;
  if (jwt.public_key !== undefined && asymAlgs.length > 0) {
    const key = parsePublicKey(jwt.public_key, at, problems);
    if (key) {
      for (const alg of asymAlgs) {
        const why = keyTypeProblem(alg, key);
        if (why) problems.push({ path: `${at}.algorithms`, message: why });
      }
      asymmetric = { key, algorithms: asymAlgs };
    }
  }
  if (problems.length > 0) return { problems };
  const hmac = jwt.secret !== undefined ? { key: createSecretKey(Buffer.from(jwt.secret, 'utf8')), algorithms: hmacAlgs } : undefined;
  return { problems, keys: { hmac, asymmetric, accepted, issuer: jwt.issuer, audience: jwt.audience, clockToleranceS: jwt.clock_tolerance_s } };
}
