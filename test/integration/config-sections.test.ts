// Plugins own their config sections: the gateway's schema is core's sections
// plus each plugin's, the shipped config/gateway.schema.json is exactly what
// `voxgate schema` prints, and an extension plugin's section is checked with
// key paths like every other config problem.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gatewaySchema, gatewaySchemaText } from '../../core/config/load.js';
import { assembleSchema } from '../../core/config/schema.js';
import { configSchemaFile } from '../../core/paths.js';
import { FakeOpenAI } from '../fakes/openai.js';
import { runCli } from '../helpers/cli.js';
import { startGateway } from '../helpers/gateway.js';
import { postJson } from '../helpers/http.js';
import { startupProblems } from '../helpers/startup.js';

test('config/gateway.schema.json is the assembled schema, as `voxgate schema` prints it', () => {
  assert.equal(readFileSync(configSchemaFile, 'utf8'), gatewaySchemaText(), 'regenerate it: node dist/core/cli.js schema > config/gateway.schema.json');
  const r = runCli(['schema']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, gatewaySchemaText());
});

test('the auth section and the rate_limit definition come from their plugins', () => {
  const properties = gatewaySchema.properties as Record<string, { properties?: Record<string, unknown> }>;
  assert.ok(properties.auth?.properties?.virtual_keys, 'auth: is in the schema');
  assert.deepEqual(Object.keys((gatewaySchema.$defs as Record<string, { properties: object }>).rate_limit!.properties), ['requests_per_minute', 'characters_per_minute', 'max_concurrent', 'audio_seconds_per_minute']);
  assert.ok(properties.usage?.properties?.teams, 'usage: is in the schema, from the usage plugin');
  assert.ok((gatewaySchema.$defs as Record<string, unknown>).budget, 'the budget definition keys and teams refer to');
  const core = assembleSchema([]);
  assert.equal((core.properties as Record<string, unknown>).auth, undefined, 'core alone has no auth section');
});

test('a section or definition claimed twice is refused with both owners', () => {
  assert.throws(() => assembleSchema([{ owner: 'mine', config: { key: 'server', schema: {} } }]), /plugin "mine" declares the config section "server", which the gateway already owns/);
  assert.throws(
    () => assembleSchema([{ owner: 'a', config: { defs: { limits: {} } } }, { owner: 'b', config: { defs: { limits: {} } } }]),
    /plugin "b" declares the schema definition "limits", which plugin "a" already owns/,
  );
  assert.throws(() => assembleSchema([{ owner: 'a', config: { key: 'x' } }]), /needs both key and schema/);
});

test("an extension plugin's section is validated with key paths, and unknown top-level keys are still refused", async () => {
  const found = await startupProblems({ plugins: [{ path: './fixtures/section-plugin.js' }], greeting: { text: '', colour: 'red' }, greting: {} });
  assert.match(found.get('greeting.text')!, /must not be empty/);
  assert.match(found.get('greeting.colour')!, /not a known key \(known: text\)/);
  assert.match(found.get('greting')!, /is not a known key \(known: .*greeting/);
  const onlyUnknown = await startupProblems({ plugins: [{ path: './fixtures/section-plugin.js' }], greeting: { text: 'hi' }, surprise: 1 });
  assert.deepEqual([...onlyUnknown.keys()], ['surprise']);
});

test('an extension plugin reads its own section, defaults filled', async () => {
  const fake = await FakeOpenAI.start();
  const speak = async (greeting: Record<string, unknown> | undefined): Promise<string | null> => {
    const gw = await startGateway({ providers: { openai: { base_url: fake.url, keys: [{ value: 'k' }] } }, plugins: [{ path: './fixtures/section-plugin.js' }], ...(greeting ? { greeting } : {}) });
    try {
      const res = await postJson(`${gw.url}/v1/audio/speech`, { model: 'openai/tts-1', input: 'hi', voice: 'alloy' });
      await res.arrayBuffer();
      return res.headers.get('x-greeting');
    } finally {
      await gw.close();
    }
  };
  try {
    assert.equal(await speak({ text: 'bonjour' }), 'bonjour');
    assert.equal(await speak(undefined), 'hello', "the section's default");
  } finally {
    await fake.close();
  }
});
