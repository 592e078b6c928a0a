// The voxgate command as users run it: serve (with --config, VOXGATE_CONFIG,
// or the embedded default), check-config, and every way start-up refuses.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { FakeOpenAI } from '../fakes/openai.js';
import { fakeAudio } from '../fakes/audio.js';
import { cliPath, runCli, startCli } from '../helpers/cli.js';
import { expectError, postJson, upload } from '../helpers/http.js';
import { freePort } from '../helpers/redis.js';
import { waitFor } from '../helpers/wait.js';

let fake: FakeOpenAI;
const dir = mkdtempSync(path.join(tmpdir(), 'voxgate-cli-'));
const write = (name: string, text: string): string => {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
};

before(async () => {
  fake = await FakeOpenAI.start({ apiKey: 'sk-cli-upstream-key' });
});
after(async () => fake.close());

const goodConfig = (port: number) => `
server: { port: ${port} }
providers:
  openai:
    base_url: ${fake.url}
    keys: [{ value: "\${UPSTREAM_KEY}" }]
plugins: []
`;

test('serve --config: answers, then shuts down cleanly on SIGTERM', async () => {
  const port = await freePort();
  const cli = startCli(['serve', '--config', write('good.yaml', goodConfig(port))], { UPSTREAM_KEY: 'sk-cli-upstream-key' });
  try {
    const url = await cli.listening();
    assert.equal(url, `http://127.0.0.1:${port}`);
    const res = await upload(`${url}/v1/audio/transcriptions`, { fields: { model: 'openai/whisper-1', response_format: 'text' }, file: { bytes: fakeAudio('mp3', 2000) } });
    assert.equal(await res.text(), `${fake.transcript}\n`);
  } finally {
    assert.equal(await cli.stop('SIGTERM'), 0);
  }
  assert.match(cli.output(), /shutting down/);
  assert.ok(!cli.output().includes('sk-cli-upstream-key'), 'the key is never logged');
});

test('SIGTERM lets an in-flight request finish before exiting', async () => {
  const port = await freePort();
  const cli = startCli(['serve'], { VOXGATE_CONFIG: write('env.yaml', goodConfig(port)), UPSTREAM_KEY: 'sk-cli-upstream-key' });
  const url = await cli.listening();
  fake.fail({ delayMs: 800 });
  const inflight = postJson(`${url}/v1/audio/speech`, { model: 'openai/tts-1', input: 'slow', voice: 'alloy' });
  const seen = fake.requests.length;
  await waitFor(() => fake.requests.length > seen, 'the upstream call to start');
  const exit = cli.stop('SIGTERM');
  const res = await inflight;
  assert.equal(res.status, 200);
  assert.equal(Buffer.from(await res.arrayBuffer()).length, fake.speechBytes);
  assert.equal(await exit, 0);
});

test('the embedded default starts with no config and no key, and names the missing variable', async () => {
  const port = await freePort();
  const cli = startCli(['serve'], { VOXGATE_PORT: String(port) });
  try {
    const url = await cli.listening();
    assert.match(cli.output(), /config\/gateway\.yaml/);
    assert.match(cli.output(), /"store":"memory"/);
    const body = await expectError(await postJson(`${url}/v1/audio/speech`, { model: 'openai/tts-1', input: 'hi', voice: 'alloy' }), 503, 'provider_key_missing');
    assert.match(body.error.message, /OPENAI_API_KEY/);
  } finally {
    await cli.stop();
  }
});

test('a config error stops start-up with the key path, before listening', () => {
  const port = 18_000 + Math.floor(Math.random() * 1000);
  const r = runCli(['serve', '--config', write('bad.yaml', `server: { port: 70000, hots: x }\nproviders: { openai: { keys: [{ value: "\${NOT_SET_ANYWHERE}" }] } }\n# ${port}`)]);
  assert.equal(r.status, 78);
  assert.match(r.stderr, /server\.port: must be <= 65535/);
  assert.match(r.stderr, /server\.hots: is not a known key/);
  assert.match(r.stderr, /providers\.openai\.keys\[0\]\.value: environment variable NOT_SET_ANYWHERE is not set/);
  assert.doesNotMatch(r.stdout + r.stderr, /listening/);
});

test('a missing config file, and an unknown adapter, are refused clearly', () => {
  const missing = runCli(['serve', '--config', path.join(dir, 'nope.yaml')]);
  assert.equal(missing.status, 78);
  assert.match(missing.stderr, /nope\.yaml.*cannot read the config file: file not found/s);
  const adapter = runCli(['check-config', '--config', write('adapter.yaml', 'providers: { speechmatics: { base_url: "https://x" } }')]);
  assert.equal(adapter.status, 78);
  assert.match(adapter.stderr, /providers\.speechmatics: no adapter of type "speechmatics"/);
});

test('a port in use is a clear error', async () => {
  const blocker = net.createServer().listen(0, '127.0.0.1');
  await new Promise((r) => blocker.once('listening', r));
  const port = (blocker.address() as net.AddressInfo).port;
  try {
    const r = runCli(['serve', '--config', write('busy.yaml', goodConfig(port))], { UPSTREAM_KEY: 'k' });
    assert.equal(r.status, 1);
    assert.match(r.stderr, new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port}: the port is in use`));
  } finally {
    blocker.close();
  }
});

test('check-config prints the effective config with every secret redacted', () => {
  const file = write(
    'secrets.yaml',
    `
store: { url: "redis://:redispass@127.0.0.1:6379/0" }
providers:
  openai: { keys: [{ value: "\${OPENAI_API_KEY}" }] }
  spare: { type: openai, keys: [{ value: "\${SPARE_KEY:-}" }] }
auth:
  required: false
  jwt: { secret: "\${JWT_SECRET}" }
  virtual_keys: [{ name: team-a, key: sk-bf-teamakey0123456789abcdef }]
`,
  );
  const r = runCli(['check-config', '--config', file], { OPENAI_API_KEY: 'sk-live-abcdef', JWT_SECRET: 'jwt-signing-secret' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /valid/);
  assert.match(r.stdout, /max_upload_mb: 25/, 'defaults are shown');
  assert.match(r.stdout, /<empty: set SPARE_KEY>/);
  assert.match(r.stdout, /name: team-a/);
  for (const secret of ['sk-live-abcdef', 'jwt-signing-secret', 'sk-bf-teamakey0123456789abcdef', 'redispass']) assert.ok(!r.stdout.includes(secret), `${secret} printed`);
});

test('unknown commands and options say how to use the tool', () => {
  const r = runCli(['frobnicate']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown command "frobnicate"[\s\S]*voxgate serve/);
  const opt = runCli(['serve', '--bogus']);
  assert.equal(opt.status, 2, 'a usage error, like an unknown command');
  assert.match(opt.stderr, /bogus[\s\S]*Usage: voxgate serve/);
  const help = runCli(['--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /check-config/);
});

test('the example configuration users start from (config/examples/gateway.example.yaml) is valid', () => {
  const example = path.resolve(path.dirname(cliPath), '..', '..', 'config', 'examples', 'gateway.example.yaml');
  const r = runCli(['check-config', '--config', example], {
    OPENAI_API_KEY: 'sk-x',
    AZURE_OPENAI_API_KEY: 'az-x',
    ELEVENLABS_API_KEY: 'el-x',
    VOXGATE_JWT_SECRET: 'an-example-secret-long-enough-for-hs256-0123456789',
    TEAM_A_KEY: 'sk-bf-0123456789abcdef0123',
  });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /name: team-a/);
});
