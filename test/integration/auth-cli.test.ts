// `voxgate keys create` and `voxgate token`, run as users run them: the key
// and digest it prints work in a config, the tokens it mints are accepted by
// a gateway on that config, and every way it refuses says why.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jwt from 'jsonwebtoken';
import { parse, stringify } from 'yaml';
import { sha256Hex } from '../../plugins/auth/keys.js';
import { FakeOpenAI } from '../fakes/openai.js';
import { runCli } from '../helpers/cli.js';
import { openAIConfig, startGateway, type TestGateway } from '../helpers/gateway.js';
import { expectError, postJson } from '../helpers/http.js';
import { UPSTREAM_KEY } from '../helpers/setup.js';

const SECRET = 'cli-test-secret-0123456789-0123456789-abcdef';
const dir = mkdtempSync(path.join(tmpdir(), 'voxgate-auth-cli-'));
const write = (name: string, content: unknown): string => {
  const file = path.join(dir, name);
  writeFileSync(file, typeof content === 'string' ? content : stringify(content));
  return file;
};

let fake: FakeOpenAI;
let gw: TestGateway;
let created: { key: string; sha256: string; entry: Record<string, unknown> };

function createKey(name: string): typeof created {
  const r = runCli(['keys', 'create', '--name', name]);
  assert.equal(r.status, 0, r.stderr);
  const key = /^key: (sk-bf-\S+)$/m.exec(r.stdout)?.[1];
  const sha256 = /^sha256: ([0-9a-f]{64})$/m.exec(r.stdout)?.[1];
  assert.ok(key && sha256, r.stdout);
  // The config snippet is the part after the last comment line; it must be YAML a config can take.
  const snippet = r.stdout.slice(r.stdout.indexOf(`- name: ${name}`));
  const entry = (parse(snippet) as Array<Record<string, unknown>>)[0]!;
  return { key, sha256, entry };
}

const authBlock = () => ({
  jwt: { secret: '${JWT_SECRET}', issuer: 'voxgate-cli', audience: 'speech' },
  virtual_keys: [{ ...created.entry, allowed_models: ['openai/tts-*'] }],
});

before(async () => {
  created = createKey('team-cli');
  fake = await FakeOpenAI.start({ apiKey: UPSTREAM_KEY });
  gw = await startGateway(openAIConfig(fake.url, { auth: authBlock(), plugins: [{ name: 'auth' }] }), { env: { JWT_SECRET: SECRET } });
});
after(async () => {
  await gw.close();
  await fake.close();
});

const speak = (token: string, model = 'openai/tts-1') => postJson(`${gw.url}/v1/audio/speech`, { model, input: 'Hi', voice: 'alloy' }, { authorization: `Bearer ${token}` });
const configFile = () => write('gateway.yaml', { auth: authBlock(), plugins: [{ name: 'auth' }] });

test('keys create: a 256-bit sk-bf- key, its sha256, and a config entry holding only the digest', async () => {
  assert.match(created.key, /^sk-bf-[A-Za-z0-9_-]{43}$/);
  assert.equal(created.sha256, sha256Hex(created.key));
  assert.deepEqual(created.entry, { name: 'team-cli', key_sha256: created.sha256 });
  assert.notEqual(createKey('team-cli').key, created.key, 'every key is new');
  const res = await speak(created.key);
  assert.equal(res.status, 200, 'the printed entry admits the printed key');
  await res.arrayBuffer();
});

test('keys create refuses a missing or unusable name', () => {
  const missing = runCli(['keys', 'create']);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /usage: voxgate keys create --name NAME/);
  const bad = runCli(['keys', 'create', '--name', 'has space']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /must start with a letter or digit/);
});

test('token --vk: a JWT the gateway accepts as that key, with iss, aud and exp from the config and --ttl', async () => {
  const r = runCli(['token', '--vk', 'team-cli', '--ttl', '15m', '--config', configFile()], { JWT_SECRET: SECRET });
  assert.equal(r.status, 0, r.stderr);
  const token = r.stdout.trim();
  const claims = jwt.verify(token, SECRET, { algorithms: ['HS256'] }) as jwt.JwtPayload;
  assert.equal(claims.vk, 'team-cli');
  assert.equal(claims.iss, 'voxgate-cli');
  assert.equal(claims.aud, 'speech');
  assert.equal(claims.exp! - claims.iat!, 900);
  assert.match(r.stderr, /virtual key "team-cli" token, HS256, expires/);
  const ok = await speak(token);
  assert.equal(ok.status, 200);
  await ok.arrayBuffer();
  await expectError(await speak(token, 'openai/whisper-1'), 403, 'model_not_allowed');
  assert.ok(!r.stdout.includes(SECRET) && !r.stderr.includes(SECRET));
});

test('token --admin --sub: an admin JWT for every model', async () => {
  const r = runCli(['token', '--admin', '--sub', 'alice', '--config', configFile()], { JWT_SECRET: SECRET });
  assert.equal(r.status, 0, r.stderr);
  const claims = jwt.decode(r.stdout.trim()) as jwt.JwtPayload;
  assert.deepEqual([claims.role, claims.sub, claims.exp! - claims.iat!], ['admin', 'alice', 3600]);
  const ok = await speak(r.stdout.trim(), 'openai/whisper-1');
  assert.equal(ok.status, 200);
  await ok.arrayBuffer();
});

test('token refuses clearly: no secret, an unknown key name, bad flags', () => {
  const noSecret = runCli(['token', '--vk', 'team-cli', '--config', write('nosecret.yaml', { auth: { virtual_keys: [created.entry] } })]);
  assert.equal(noSecret.status, 78);
  assert.match(noSecret.stderr, /auth\.jwt\.secret: is not set: voxgate token signs with it/);
  const rsOnly = runCli(['token', '--admin', '--sub', 'a', '--config', write('rs.yaml', { auth: { jwt: { secret: 's', algorithms: ['RS256'] } } })]);
  assert.equal(rsOnly.status, 78);
  assert.match(rsOnly.stderr, /auth\.jwt\.algorithms: lists no HS algorithm/);
  const unknown = runCli(['token', '--vk', 'team-nope', '--config', configFile()], { JWT_SECRET: SECRET });
  assert.equal(unknown.status, 1);
  assert.match(unknown.stderr, /no virtual key named "team-nope" in auth\.virtual_keys of .*gateway\.yaml \(configured: team-cli\)/);
  assert.equal(unknown.stdout, '');
  for (const [args, why] of [
    [['--vk', 'team-cli', '--admin', '--sub', 'x'], /either --vk NAME or --admin/],
    [[], /either --vk NAME or --admin/],
    [['--admin'], /--admin needs --sub NAME/],
    [['--vk', 'team-cli', '--ttl', 'soon'], /--ttl "soon" is not a duration/],
    [['--vk', 'team-cli', '--ttl', '0'], /is not a duration/],
  ] as const) {
    const r = runCli(['token', ...args, '--config', configFile()], { JWT_SECRET: SECRET });
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, why);
    assert.match(r.stderr, /usage: voxgate token/);
  }
});

test('help lists the new commands', () => {
  const help = runCli(['--help']);
  assert.match(help.stdout, /voxgate keys create --name NAME/);
  assert.match(help.stdout, /voxgate token \(--vk NAME \| --admin --sub NAME\)/);
});
