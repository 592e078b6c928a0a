// JWTs for tests: real ones from jsonwebtoken, and hand-made ones for what a
// library refuses to make (alg "none", an HMAC keyed with a public key).
import { createHmac } from 'node:crypto';
import jwt from 'jsonwebtoken';

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const nowS = (): number => Math.floor(Date.now() / 1000);

/** Claims that pass every check of a gateway configured with this issuer and audience. */
export const validClaims = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  iss: 'voxgate-test',
  aud: 'speech-api',
  iat: nowS(),
  exp: nowS() + 600,
  ...extra,
});

export function signHs256(claims: Record<string, unknown>, secret: string): string {
  return jwt.sign(claims, secret, { algorithm: 'HS256', noTimestamp: true });
}

export function signWith(claims: Record<string, unknown>, privateKey: string, algorithm: jwt.Algorithm): string {
  return jwt.sign(claims, privateKey, { algorithm, noTimestamp: true });
}

/** An unsigned token: header {alg: "none"} and an empty signature. */
export function unsignedToken(claims: Record<string, unknown>): string {
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
}

/** HS256 over the token with any bytes as the key: the algorithm-confusion forgery when `key` is a public key. */
export function forgeHs256(claims: Record<string, unknown>, key: string | Buffer): string {
  const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}`;
  return `${head}.${createHmac('sha256', key).update(head).digest('base64url')}`;
}

export const secondsFromNow = (s: number): number => nowS() + s;
