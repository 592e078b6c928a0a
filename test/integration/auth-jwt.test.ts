// The auth plugin with JWTs: admin and virtual-key tokens, every claim check
// (exp, nbf, iss, aud, a required exp), alg "none", algorithm confusion
// (HS256 keyed with the RS256 public key), RS256 and ES256 public keys, and
// no token ever echoed.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { generateVirtualKey } from '../../plugins/auth/keys.js';
import { FakeOpenAI } from '../fakes/openai.js';
import { openAIConfig, startGateway, type TestGateway } from '../helpers/gateway.js';
import { expectError, postJson } from '../helpers/http.js';
import { forgeHs256, secondsFromNow, signHs256, signWith, unsignedToken, validClaims } from '../helpers/jwt.js';
import { UPSTREAM_KEY } from '../helpers/setup.js';

const SECRET = 'test-jwt-secret-that-is-long-enough-0123456789';
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256', publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
const claimsCheck = { issuer: 'voxgate-test', audience: 'speech-api', clock_tolerance_s: 30 };

const config = (jwt: Record<string, unknown> | undefined) => ({
  extensions: { plugins: ['./fixtures/plugins'] },
  plugins: [{ name: 'auth' }, { name: 'whoami' }],
  auth: {
    required: true,
    ...(jwt ? { jwt: { ...claimsCheck, ...jwt } } : {}),
    virtual_keys: [{ name: 'team-a', key: generateVirtualKey(), allowed_models: ['openai/tts-*'], rate_limit: { requests_per_minute: 50, max_concurrent: 3 } }],
  },
});

let fake: FakeOpenAI;
const gws: Record<'hs' | 'rs' | 'mixed' | 'es' | 'none', TestGateway> = {} as never;
const tokens: string[] = [];
const answers: string[] = [];

before(async () => {
  fake = await FakeOpenAI.start({ apiKey: UPSTREAM_KEY });
  gws.hs = await startGateway(openAIConfig(fake.url, config({ secret: SECRET, algorithms: ['HS256'] })));
  gws.rs = await startGateway(openAIConfig(fake.url, config({ public_key: rsa.publicKey, algorithms: ['RS256'] })));
  gws.mixed = await startGateway(openAIConfig(fake.url, config({ secret: SECRET, public_key: rsa.publicKey, algorithms: ['HS256', 'RS256'] })));
  gws.es = await startGateway(openAIConfig(fake.url, config({ public_key: ec.publicKey, algorithms: ['ES256'] })));
  gws.none = await startGateway(openAIConfig(fake.url, config(undefined)));
});
after(async () => {
  for (const gw of Object.values(gws)) await gw.close();
  await fake.close();
});

async function speak(gw: TestGateway, token: string, model = 'openai/tts-1'): Promise<Response> {
  tokens.push(token);
  const res = await postJson(`${gw.url}/v1/audio/speech`, { model, input: 'Hello', voice: 'alloy' }, { authorization: `Bearer ${token}` });
  answers.push(JSON.stringify([...res.headers]), await res.clone().text());
  return res;
}

async function expectOk(res: Response, principal: string): Promise<void> {
  assert.equal(res.status, 200, await res.clone().text());
  assert.equal(res.headers.get('x-principal'), principal);
  await res.arrayBuffer();
}

const admin = (extra: Record<string, unknown> = {}) => validClaims({ role: 'admin', sub: 'alice', ...extra });
const vk = (extra: Record<string, unknown> = {}) => validClaims({ vk: 'team-a', sub: 'ci-bot', ...extra });

describe('HS256', () => {
  test('an admin token may use every model', async () => {
    const res = await speak(gws.hs, signHs256(admin(), SECRET), 'openai/any-model-at-all');
    assert.equal(res.headers.get('x-principal-kind'), 'admin');
    assert.equal(res.headers.get('x-principal-admin'), 'true');
    await expectOk(res, 'admin:alice');
  });

  test('the role claim may also be a list holding the admin value', async () => {
    await expectOk(await speak(gws.hs, signHs256(admin({ role: ['reader', 'admin'] }), SECRET)), 'admin:alice');
  });

  test('a virtual-key token acts as that key: its principal, its limits and its models', async () => {
    const res = await speak(gws.hs, signHs256(vk(), SECRET));
    assert.equal(res.headers.get('x-principal-kind'), 'virtual_key');
    assert.deepEqual(JSON.parse(res.headers.get('x-principal-limits')!), { requests_per_minute: 50, max_concurrent: 3 });
    await expectOk(res, 'vk:team-a');
    await expectError(await speak(gws.hs, signHs256(vk(), SECRET), 'openai/whisper-1'), 403, 'model_not_allowed');
  });

  test('a token naming a virtual key that is not configured is 401', async () => {
    const body = await expectError(await speak(gws.hs, signHs256(vk({ vk: 'team-gone' }), SECRET)), 401, 'unknown_virtual_key');
    assert.match(body.error.message, /team-gone/);
  });

  test('a valid token that is neither admin nor a virtual key is 403', async () => {
    const body = await expectError(await speak(gws.hs, signHs256(validClaims({ sub: 'bob', role: 'viewer' }), SECRET)), 403, 'token_grants_no_access');
    assert.match(body.error.message, /role: admin.*vk: <virtual key name>/);
  });

  test('an admin token needs a subject, and may not also name a virtual key', async () => {
    await expectError(await speak(gws.hs, signHs256(admin({ sub: undefined }), SECRET)), 401, 'invalid_token');
    await expectError(await speak(gws.hs, signHs256(admin({ vk: 'team-a' }), SECRET)), 401, 'invalid_token');
  });

  test('expired, past the clock tolerance: 401 token_expired; within it: accepted', async () => {
    const res = await speak(gws.hs, signHs256(admin({ exp: secondsFromNow(-120) }), SECRET));
    assert.match(res.headers.get('www-authenticate') ?? '', /error="invalid_token"/);
    assert.match((await expectError(res, 401, 'token_expired')).error.message, /expired at \d{4}-/);
    await expectOk(await speak(gws.hs, signHs256(admin({ exp: secondsFromNow(-5) }), SECRET)), 'admin:alice');
  });

  test('not yet valid (nbf ahead, past the tolerance): 401 token_not_yet_valid', async () => {
    await expectError(await speak(gws.hs, signHs256(admin({ nbf: secondsFromNow(300) }), SECRET)), 401, 'token_not_yet_valid');
  });

  test('a wrong issuer or audience is refused, naming the claim', async () => {
    assert.match((await expectError(await speak(gws.hs, signHs256(admin({ iss: 'someone-else' }), SECRET)), 401, 'invalid_token')).error.message, /issuer \(iss\)/);
    assert.match((await expectError(await speak(gws.hs, signHs256(admin({ aud: 'other-api' }), SECRET)), 401, 'invalid_token')).error.message, /audience \(aud\)/);
    const noIssuer = admin();
    delete noIssuer.iss;
    await expectError(await speak(gws.hs, signHs256(noIssuer, SECRET)), 401, 'invalid_token');
  });

  test('a token without exp is refused: tokens must expire', async () => {
    const claims = admin();
    delete claims.exp;
    assert.match((await expectError(await speak(gws.hs, signHs256(claims, SECRET)), 401, 'invalid_token')).error.message, /no expiry/);
  });

  test('a wrong secret, a tampered payload, and alg "none" are refused', async () => {
    assert.match((await expectError(await speak(gws.hs, signHs256(admin(), `${SECRET}-not`)), 401, 'invalid_token')).error.message, /signature does not verify/);
    const [head, , sig] = signHs256(vk(), SECRET).split('.');
    const tampered = `${head}.${Buffer.from(JSON.stringify(admin())).toString('base64url')}.${sig}`;
    await expectError(await speak(gws.hs, tampered), 401, 'invalid_token');
    const none = await expectError(await speak(gws.hs, unsignedToken(admin())), 401, 'invalid_token');
    assert.match(none.error.message, /"none", which this gateway does not accept \(accepted: HS256\)/);
  });

  test('a gateway without auth.jwt refuses every JWT, saying to use a virtual key', async () => {
    await expectError(await speak(gws.none, signHs256(admin(), SECRET)), 401, 'jwt_not_accepted');
  });
});

describe('public keys', () => {
  test('RS256: a token signed with the private key is accepted', async () => {
    await expectOk(await speak(gws.rs, signWith(admin(), rsa.privateKey, 'RS256')), 'admin:alice');
  });

  test('algorithm confusion: HS256 keyed with the RS256 public key is refused', async () => {
    const forged = forgeHs256(admin(), rsa.publicKey);
    const body = await expectError(await speak(gws.rs, forged), 401, 'invalid_token');
    assert.match(body.error.message, /"HS256", which this gateway does not accept \(accepted: RS256\)/);
    // Where HS256 is accepted too, it is checked with the secret, never the public key.
    await expectError(await speak(gws.mixed, forged), 401, 'invalid_token');
    await expectOk(await speak(gws.mixed, signHs256(admin(), SECRET)), 'admin:alice');
    await expectOk(await speak(gws.mixed, signWith(admin(), rsa.privateKey, 'RS256')), 'admin:alice');
  });

  test('ES256: verified with the EC public key; an RS256 token is refused there', async () => {
    await expectOk(await speak(gws.es, signWith(vk(), ec.privateKey, 'ES256')), 'vk:team-a');
    await expectError(await speak(gws.es, signWith(admin(), rsa.privateKey, 'RS256')), 401, 'invalid_token');
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256', privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    await expectError(await speak(gws.es, signWith(admin(), other.privateKey, 'ES256')), 401, 'invalid_token');
  });
});

test('no token appears in any answer or log line', () => {
  const logs = Object.values(gws).map((g) => g.logs.text).join('\n');
  assert.ok(tokens.length > 20);
  for (const token of tokens) {
    const signature = token.split('.')[2]!;
    for (const text of answers) assert.ok(!text.includes(token) && (signature === '' || !text.includes(signature)), 'a token was echoed');
    assert.ok(!logs.includes(token), 'a token was logged');
  }
  assert.ok(!logs.includes(SECRET));
});
