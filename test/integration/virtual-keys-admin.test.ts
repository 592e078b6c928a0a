// The run-time virtual keys API on one gateway (the default chain, memory
// store): who may call it, what it refuses, the YAML keys as read-only seeds,
// and the secret shown once and nowhere else (answers, logs, metrics).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import jwt from 'jsonwebtoken';
import { ADMIN_KEY, JWT_SECRET, TEAM_KEY, asAdmin, asTeam, startAdminGateway, type AdminSetup } from '../helpers/admin.js';
import { expectError } from '../helpers/http.js';
import { keysApi, speakWith, type KeyAnswer } from '../helpers/virtual-keys.js';

let s: AdminSetup;
before(async () => {
  s = await startAdminGateway();
});
after(async () => s?.close());

const api = () => keysApi(s.gw.url);
const future = () => new Date(Date.now() + 86_400_000).toISOString();

describe('the virtual keys admin API', () => {
  test('create answers 201 with the key once; the principal carries team, limits and budget like a YAML key', async () => {
    const created = await api().create({ name: 'svc-1', team: 'research', allowed_models: ['openai/*'], rate_limit: { requests_per_minute: 2 }, budget: { max_usd: 5, period: 'month' }, expires_at: future() });
    assert.equal(created.object, 'virtual_key');
    assert.match(created.id, /^vk_/);
    assert.equal(created.source, 'api');
    assert.equal(created.team, 'research');
    assert.deepEqual(created.rate_limit, { requests_per_minute: 2 });
    assert.deepEqual(created.budget, { max_usd: 5, period: 'month' });
    assert.match(created.key!, /^sk-bf-/);
    // The rate limit travels on the principal: the default chain's rate-limit plugin enforces it.
    assert.equal(await speakWith(s.gw.url, created.key!), 200);
    assert.equal(await speakWith(s.gw.url, created.key!), 200);
    assert.equal(await speakWith(s.gw.url, created.key!), 429);
  });

  test('list and get show run-time keys and the YAML seeds, never a key or digest', async () => {
    const created = await api().create({ name: 'svc-listed' });
    const res = await api().call('GET', '');
    const text = await res.text();
    const data = (JSON.parse(text) as { data: KeyAnswer[] }).data;
    const seed = data.find((k) => k.name === 'team-a');
    assert.deepEqual(seed, { object: 'virtual_key', id: 'config:team-a', source: 'config', name: 'team-a' });
    assert.ok(data.some((k) => k.id === created.id && k.source === 'api'));
    assert.ok(!text.includes(created.key!), 'no secret in the list');
    assert.ok(!text.includes(TEAM_KEY), 'no YAML secret in the list');
    assert.doesNotMatch(text, /key_sha256|[0-9a-f]{64}/, 'no digest in the list');
    const one = await (await api().call('GET', `/${created.id}`)).text();
    assert.ok(!one.includes(created.key!) && !/"key"/.test(one));
    assert.equal(((await (await api().call('GET', '/config:team-a')).json()) as KeyAnswer).source, 'config');
  });

  test('a virtual key (or its JWT) on /admin/* is 403; no credential is 401', async () => {
    await expectError(await keysApi(s.gw.url, asTeam).call('GET', ''), 403, 'admin_only');
    await expectError(await keysApi(s.gw.url, asTeam).call('POST', '', { name: 'sneaky' }), 403, 'admin_only');
    const created = await api().create({ name: 'not-admin' });
    await expectError(await keysApi(s.gw.url, { authorization: `Bearer ${created.key}` }).call('DELETE', `/${created.id}`), 403, 'admin_only');
    const vkToken = jwt.sign({ vk: 'not-admin' }, JWT_SECRET, { algorithm: 'HS256', expiresIn: 60 });
    await expectError(await keysApi(s.gw.url, { authorization: `Bearer ${vkToken}` }).call('GET', ''), 403, 'admin_only');
    await expectError(await keysApi(s.gw.url, {}).call('GET', ''), 401);
    // An admin JWT works as the admin key does.
    const adminToken = jwt.sign({ role: 'admin', sub: 'alice' }, JWT_SECRET, { algorithm: 'HS256', expiresIn: 60 });
    assert.equal((await keysApi(s.gw.url, { authorization: `Bearer ${adminToken}` }).call('GET', '')).status, 200);
  });

  test('bad bodies are 400s naming the field, checked as YAML checks them', async () => {
    const bad = async (body: unknown, code: string, pattern: RegExp) => {
      const err = await expectError(await api().call('POST', '', body), 400, code);
      assert.match(err.error.message, pattern);
    };
    await bad({}, 'invalid_request', /name is required/);
    await bad({ name: 'x', budget: { period: 'month' } }, 'invalid_request', /budget must set at least one of max_usd, max_audio_seconds, max_characters/);
    await bad({ name: 'x', budget: { max_usd: 1, period: 'fortnight' } }, 'invalid_request', /budget\.period must be one of/);
    await bad({ name: 'x', rate_limit: { requests_per_minute: 0 } }, 'invalid_request', /rate_limit\.requests_per_minute must be >= 1/);
    await bad({ name: 'x', rate_limit: { requests_per_hour: 5 } }, 'invalid_request', /rate_limit\.requests_per_hour is not a known key/);
    await bad({ name: 'x', colour: 'red' }, 'invalid_request', /colour is not a known key/);
    await bad({ name: 'bad name!' }, 'invalid_request', /name is not valid/);
    await bad({ name: 'x', allowed_models: ['whisper-1'] }, 'invalid_request', /provider\/model/);
    await bad({ name: 'x', expires_at: 'tomorrow' }, 'invalid_request', /RFC 3339/);
    await bad({ name: 'x', expires_at: '2001-01-01T00:00:00Z' }, 'expires_at_in_past', /not in the future/);
    await bad([1, 2], 'invalid_request', /must be an object/);
    await bad('{"name": ', 'invalid_json', /not valid JSON/);
    await expectError(await api().call('POST', ''), 400, 'missing_body');
    const notJson = await fetch(`${s.gw.url}/admin/virtual-keys`, { method: 'POST', headers: { ...asAdmin, 'content-type': 'text/plain' }, body: 'name=x' });
    await expectError(notJson, 415);
    const res = await fetch(`${s.gw.url}/admin/virtual-keys`, { method: 'POST', headers: { ...asAdmin, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'x', team: 'a'.repeat(300_000) }) });
    await expectError(res, 413);
  });

  test('PATCH: an unknown field is 400, null clears, the name stays unique; unknown ids are 404', async () => {
    const created = await api().create({ name: 'patched', team: 'one', budget: { max_characters: 100, period: 'day' } });
    await expectError(await api().call('PATCH', `/${created.id}`, { nickname: 'p' }), 400, 'invalid_request');
    await expectError(await api().call('PATCH', `/${created.id}`, { key: 'sk-bf-chosen-by-the-client-000000' }), 400, 'invalid_request');
    await expectError(await api().call('PATCH', `/${created.id}`, { budget: { period: 'day' } }), 400, 'invalid_request');
    await expectError(await api().call('PATCH', `/${created.id}`, { name: null }), 400, 'invalid_request');
    await expectError(await api().call('PATCH', `/${created.id}`, { name: 'team-a' }), 409, 'virtual_key_name_taken');
    const res = await api().call('PATCH', `/${created.id}`, { team: null, name: 'patched-2' });
    assert.equal(res.status, 200);
    const view = (await res.json()) as KeyAnswer;
    assert.equal(view.name, 'patched-2');
    assert.equal(view.team, undefined);
    assert.deepEqual(view.budget, { max_characters: 100, period: 'day' });
    assert.equal(await speakWith(s.gw.url, created.key!), 200, 'the key itself is unchanged by a PATCH');
    for (const [method, path] of [['GET', '/vk_nope'], ['PATCH', '/vk_nope'], ['DELETE', '/vk_nope'], ['POST', '/vk_nope/rotate']] as const) {
      await expectError(await api().call(method, path, method === 'PATCH' ? { team: 'x' } : undefined), 404, 'virtual_key_not_found');
    }
    await expectError(await api().call('GET', '/config:nobody'), 404, 'virtual_key_not_found');
  });

  test('a name taken by a YAML key is 409; a YAML key cannot be changed, rotated or deleted here', async () => {
    const taken = await expectError(await api().call('POST', '', { name: 'team-a' }), 409, 'virtual_key_name_taken');
    assert.match(taken.error.message, /config file/);
    for (const [method, path] of [['PATCH', '/config:team-a'], ['DELETE', '/config:team-a'], ['POST', '/config:team-a/rotate']] as const) {
      const err = await expectError(await api().call(method, path, method === 'PATCH' ? { team: 'x' } : undefined), 409, 'virtual_key_in_config');
      assert.match(err.error.message, /auth\.virtual_keys/);
    }
    assert.equal(await speakWith(s.gw.url, TEAM_KEY), 200);
  });

  test('secrets appear in no log line and no metric', async () => {
    const created = await api().create({ name: 'secret-check' });
    const rotated = (await (await api().call('POST', `/${created.id}/rotate`)).json()) as KeyAnswer;
    await speakWith(s.gw.url, rotated.key!);
    await speakWith(s.gw.url, created.key!);
    const metrics = await (await fetch(`${s.gw.url}/metrics`)).text();
    for (const secret of [created.key!, rotated.key!, ADMIN_KEY]) {
      assert.ok(!s.gw.logs.text.includes(secret), 'no key in the logs');
      assert.ok(!metrics.includes(secret), 'no key in the metrics');
      assert.ok(!s.gw.logs.text.includes(secret.slice(6, 26)), 'no part of a key in the logs');
    }
  });

  test('the OpenAPI document lists the routes under the admin tag and security scheme', async () => {
    const doc = (await (await fetch(`${s.gw.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, { tags?: string[]; security?: unknown; requestBody?: unknown }>>; components: { securitySchemes: Record<string, unknown> }; tags?: Array<{ name: string }> };
    const create = doc.paths['/admin/virtual-keys']?.post;
    assert.deepEqual(create?.tags, ['admin']);
    assert.deepEqual(create?.security, [{ adminBearer: [] }]);
    assert.ok(create?.requestBody);
    for (const method of ['get', 'patch', 'delete']) assert.deepEqual(doc.paths['/admin/virtual-keys/{id}']?.[method]?.tags, ['admin']);
    assert.ok(doc.paths['/admin/virtual-keys/{id}/rotate']?.post);
    assert.ok(doc.components.securitySchemes.adminBearer);
    assert.ok(doc.tags?.some((t) => t.name === 'admin'));
  });
});
