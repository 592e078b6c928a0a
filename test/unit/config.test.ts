import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfigText } from '../../core/config/load.js';
import { ConfigError } from '../../core/config/errors.js';
import { redactConfig } from '../../core/config/redact.js';

const parse = (text: string, env: Record<string, string> = {}) => parseConfigText(text, '/tmp/gateway.yaml', env);

function problems(text: string, env: Record<string, string> = {}): Array<{ path: string; message: string }> {
  try {
    parse(text, env);
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    return [...err.problems];
  }
  assert.fail('expected a ConfigError');
}

test('an empty file gets every default', () => {
  const { config } = parse('');
  assert.equal(config.server.host, '127.0.0.1');
  assert.equal(config.server.port, 8080);
  assert.equal(config.server.max_upload_mb, 25);
  assert.equal(config.server.request_timeout_s, 300);
  assert.equal(config.store.url, 'memory://');
  assert.deepEqual(config.providers, {});
  assert.equal(config.plugins, undefined, 'absent plugins: means the built-ins in order');
});

test('the example configuration from the design is valid', () => {
  const text = `
server: { host: 127.0.0.1, port: 8080, max_upload_mb: 25, request_timeout_s: 300 }
store: { url: "memory://" }
providers:
  openai: { base_url: https://api.openai.com/v1, keys: [{ value: "\${OPENAI_API_KEY}" }] }
  azure:
    endpoint: https://my-resource.openai.azure.com
    api_version: 2024-10-21
    keys: [{ value: "\${AZURE_OPENAI_API_KEY}" }]
    deployments: { whisper-1: my-whisper, tts-1: my-tts }
  local-whisper: { type: openai, base_url: "http://127.0.0.1:8000/v1" }
auth:
  required: true
  jwt: { secret: "\${VOXGATE_JWT_SECRET}", algorithms: [HS256], issuer: voxgate }
  virtual_keys:
    - name: team-a
      key: "\${TEAM_A_KEY}"
      allowed_models: ["openai/*"]
      rate_limit: { requests_per_minute: 60 }
plugins:
  - name: auth
  - name: async-job
    concurrency: 8
`;
  const { config } = parse(text, { OPENAI_API_KEY: 'a', AZURE_OPENAI_API_KEY: 'b', VOXGATE_JWT_SECRET: 'c', TEAM_A_KEY: 'sk-bf-d' });
  assert.equal(config.providers.azure!.api_version, '2024-10-21', 'a date-like version stays text');
  assert.equal(config.plugins?.[1]?.concurrency, 8);
});

test('values from the environment are coerced to the schema type', () => {
  const { config } = parse('server: { port: "${PORT}", max_upload_mb: "${MB:-10}" }', { PORT: '9001' });
  assert.equal(config.server.port, 9001);
  assert.equal(config.server.max_upload_mb, 10);
});

test('every problem names its key path, all at once', () => {
  const found = problems(`
server:
  port: 99999
  max_upload_mb: -1
  hots: 0.0.0.0
store: { url: "mongodb://x" }
log: { level: loud }
auth:
  virtual_keys:
    - name: a
plugins:
  - concurrency: 3
`);
  const byPath = new Map(found.map((p) => [p.path, p.message]));
  assert.match(byPath.get('server.port')!, /<= 65535/);
  assert.match(byPath.get('server.max_upload_mb')!, /> 0/);
  assert.match(byPath.get('server.hots')!, /not a known key.*host/);
  assert.ok(byPath.has('store.url'));
  assert.match(byPath.get('log.level')!, /one of/);
  assert.match(byPath.get('auth.virtual_keys[0]')!, /exactly one of key, key_sha256/);
  assert.match(byPath.get('plugins[0]')!, /at least one of name, path/);
});

test('a missing environment variable names the key path', () => {
  const found = problems('providers: { openai: { keys: [{ value: "${OPENAI_API_KEY}" }] } }');
  assert.deepEqual(found.map((p) => p.path), ['providers.openai.keys[0].value']);
  assert.match(found[0]!.message, /OPENAI_API_KEY is not set/);
});

test('YAML syntax errors and non-mapping files are reported', () => {
  assert.match(problems('server: [1, 2')[0]!.message, /.+/);
  assert.match(problems('- just\n- a list')[0]!.message, /mapping/);
  assert.ok(problems('server: {}\nserver: {}').length > 0, 'duplicate keys are refused');
});

test('redaction hides provider keys, secrets and URL passwords, and names unset variables', () => {
  const loaded = parse(
    `
store: { url: "redis://:hunter2@redis:6379/0" }
providers:
  openai: { keys: [{ value: "\${OPENAI_API_KEY:-}" }, { value: sk-live-123456 }] }
auth:
  jwt: { secret: topsecret, public_key: "-----BEGIN PUBLIC KEY-----" }
  virtual_keys: [{ name: a, key: sk-bf-abcdef }, { name: b, key_sha256: "${'a'.repeat(64)}" }]
`,
  );
  const text = JSON.stringify(redactConfig(loaded.config, loaded.envRefs));
  for (const secret of ['hunter2', 'sk-live-123456', 'topsecret', 'sk-bf-abcdef']) assert.ok(!text.includes(secret), `${secret} leaked`);
  assert.match(text, /<empty: set OPENAI_API_KEY>/);
  assert.match(text, /BEGIN PUBLIC KEY/, 'a public key is not secret');
  assert.match(text, /a{64}/, 'a key hash is not secret');
});
