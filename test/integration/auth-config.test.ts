// Start-up refuses auth settings that cannot work, each with its key path:
// JWT algorithms without their key (or keys without their algorithms),
// unreadable or mismatched public keys, duplicate or malformed virtual keys,
// patterns that match nothing, and required auth that accepts nobody.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { generateVirtualKey, sha256Hex } from '../../plugins/auth/keys.js';
import { runCli } from '../helpers/cli.js';
import { startupProblems } from '../helpers/startup.js';

const rsaPublic = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });

const problemsFor = (auth: Record<string, unknown> | undefined, plugins: unknown[] = [{ name: 'auth' }]) => startupProblems({ ...(auth ? { auth } : {}), plugins });

test('each JWT algorithm family needs its key, and each key an algorithm that uses it', async () => {
  const noSecret = await problemsFor({ jwt: { algorithms: ['HS256', 'RS256'], public_key: rsaPublic.publicKey } });
  assert.match(noSecret.get('auth.jwt.secret')!, /is required: auth\.jwt\.algorithms lists HS256/);
  const noPublic = await problemsFor({ jwt: { algorithms: ['RS256', 'ES256'] , secret: 'x'.repeat(40) } });
  assert.match(noPublic.get('auth.jwt.public_key')!, /is required: auth\.jwt\.algorithms lists RS256, ES256/);
  assert.match(noPublic.get('auth.jwt.secret')!, /lists no HS algorithm, so it would never be used/);
  const unpinned = await problemsFor({ jwt: { public_key: rsaPublic.publicKey } });
  assert.match(unpinned.get('auth.jwt.algorithms')!, /is required with public_key/);
  const unusedPublic = await problemsFor({ jwt: { secret: 'x'.repeat(40), public_key: rsaPublic.publicKey, algorithms: ['HS256'] } });
  assert.match(unusedPublic.get('auth.jwt.public_key')!, /lists no RS, PS or ES algorithm/);
  const nothing = await problemsFor({ jwt: { issuer: 'me' } });
  assert.match(nothing.get('auth.jwt')!, /needs secret .* or public_key/);
});

test('a secret alone means HS256', async () => {
  assert.equal((await problemsFor({ jwt: { secret: 'x'.repeat(40) } })).size, 0);
});

test('public keys are read at start-up: not PEM, a private key, or the wrong type for the algorithm', async () => {
  assert.match((await problemsFor({ jwt: { public_key: 'not a key', algorithms: ['RS256'] } })).get('auth.jwt.public_key')!, /is not a PEM public key/);
  const leaked = await problemsFor({ jwt: { public_key: rsaPublic.privateKey, algorithms: ['RS256'] } });
  assert.match(leaked.get('auth.jwt.public_key')!, /holds a private key/);
  const mismatch = await problemsFor({ jwt: { public_key: rsaPublic.publicKey, algorithms: ['ES256'] } });
  assert.match(mismatch.get('auth.jwt.algorithms')!, /ES256 needs an EC P-256 public key, but auth\.jwt\.public_key is an RSA key/);
  const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384', publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
  assert.match((await problemsFor({ jwt: { public_key: p384.publicKey, algorithms: ['ES256'] } })).get('auth.jwt.algorithms')!, /is an EC P-384 key/);
  assert.equal((await problemsFor({ jwt: { public_key: p384.publicKey, algorithms: ['ES384'] } })).size, 0);
});

test('virtual keys: well-formed, each name and key used once, patterns written provider/model', async () => {
  const key = generateVirtualKey();
  const found = await problemsFor({
    virtual_keys: [
      { name: 'a', key },
      { name: 'b', key_sha256: sha256Hex(key).toUpperCase() },
      { name: 'a', key: generateVirtualKey() },
      { name: 'c', key: 'sk-bf-short' },
      { name: 'd', key: generateVirtualKey(), allowed_models: ['openai/*', 'whisper-1', '*'] },
    ],
  });
  assert.match(found.get('auth.virtual_keys[1].key_sha256')!, /is the same key as auth\.virtual_keys\[0\] \("a"\)/);
  assert.match(found.get('auth.virtual_keys[2].name')!, /"a" is also the name of auth\.virtual_keys\[0\]/);
  assert.match(found.get('auth.virtual_keys[3].key')!, /not a well-formed virtual key: expected sk-bf- followed by at least 16/);
  assert.match(found.get('auth.virtual_keys[4].allowed_models[1]')!, /"whisper-1" cannot match a model: patterns are written provider\/model/);
  assert.equal(found.has('auth.virtual_keys[4].allowed_models[0]'), false);
  assert.equal(found.has('auth.virtual_keys[4].allowed_models[2]'), false);
  for (const message of found.values()) assert.ok(!message.includes(key) && !message.includes('sk-bf-short'), 'no key in a message');
});

test('required auth that accepts nobody is refused; optional auth with no keys is fine', async () => {
  assert.match((await problemsFor(undefined)).get('auth.required')!, /neither auth\.virtual_keys nor auth\.jwt is configured/);
  assert.match((await problemsFor({ required: true })).get('auth.required')!, /set auth\.required: false/);
  assert.equal((await problemsFor({ required: false })).size, 0);
  assert.equal((await problemsFor({ required: false, virtual_keys: [{ name: 'x', key: 'sk-bf-x' }] }, [])).size, 0, 'only a running auth plugin checks the block');
});

test('serve and check-config both refuse with the file, the key path and status 78', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'voxgate-auth-config-'));
  const file = path.join(dir, 'gateway.yaml');
  writeFileSync(file, stringify({ server: { port: 0 }, auth: { jwt: { algorithms: ['HS256'] } }, plugins: [{ name: 'auth' }] }));
  for (const command of ['serve', 'check-config']) {
    const r = runCli([command, '--config', file]);
    assert.equal(r.status, 78, r.stderr);
    assert.match(r.stderr, new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: invalid configuration`));
    assert.match(r.stderr, /auth\.jwt: needs secret \(for HS256\) or public_key/);
    assert.doesNotMatch(r.stdout + r.stderr, /listening/);
  }
});
