// Run-time virtual keys shared by two gateway instances on one real
// redis-server (the default plugin chain): a key created on one works on the
// other within a second, revoked or rotated on one is refused on the other
// within a second, and an expired key is refused on both.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import jwt from 'jsonwebtoken';
import { JWT_SECRET, startAdminGateway, type AdminSetup } from '../helpers/admin.js';
import { expectError } from '../helpers/http.js';
import { startRedis, type RedisServer } from '../helpers/redis.js';
import { keysApi, speakWith } from '../helpers/virtual-keys.js';
import { waitFor } from '../helpers/wait.js';

// The 1 s contract, polled generously: never a fixed sleep, never a timing assert beyond it.
const PROPAGATION_MS = 1000;
const SLACK_MS = 1500;

let redis: RedisServer;
let a: AdminSetup;
let b: AdminSetup;

before(async () => {
  redis = await startRedis();
  [a, b] = await Promise.all([startAdminGateway({ store: { url: redis.url } }), startAdminGateway({ store: { url: redis.url } })]);
});
after(async () => {
  await Promise.all([a?.close(), b?.close()]);
  await redis?.stop();
});

/** Polls until `url` answers `status` to the key; fails past the contract (plus slack for a loaded machine). */
const untilStatus = (url: string, key: string, status: number, what: string) =>
  waitFor(async () => (await speakWith(url, key)) === status, what, PROPAGATION_MS + SLACK_MS);

describe('run-time keys across two instances on one Redis', () => {
  test('created on A, usable on B within a second', async () => {
    const created = await keysApi(a.gw.url).create({ name: 'across', allowed_models: ['openai/*'] });
    assert.match(created.key ?? '', /^sk-bf-[A-Za-z0-9_-]{43}$/);
    assert.equal(await speakWith(a.gw.url, created.key!), 200, 'the creating instance takes it at once');
    await untilStatus(b.gw.url, created.key!, 200, 'B accepts the key created on A');
    const listed = await keysApi(b.gw.url).list();
    assert.ok(listed.some((k) => k.id === created.id && k.source === 'api'));
  });

  test('revoked on B, refused on A within a second', async () => {
    const created = await keysApi(a.gw.url).create({ name: 'to-revoke' });
    await untilStatus(b.gw.url, created.key!, 200, 'B knows the key');
    const del = await keysApi(b.gw.url).call('DELETE', `/${created.id}`);
    assert.equal(del.status, 200);
    assert.deepEqual(await del.json(), { object: 'virtual_key', id: created.id, deleted: true });
    await expectError(await fetch(`${b.gw.url}/v1/audio/speech`, { method: 'POST', headers: { authorization: `Bearer ${created.key}`, 'content-type': 'application/json' }, body: '{"model":"openai/tts-1","input":"hi","voice":"alloy"}' }), 401, 'unknown_virtual_key');
    await untilStatus(a.gw.url, created.key!, 401, 'A refuses the key revoked on B');
    await expectError(await keysApi(a.gw.url).call('GET', `/${created.id}`), 404, 'virtual_key_not_found');
  });

  test('rotated on A: the old key is refused at once on A and within a second on B, the new one works on both', async () => {
    const created = await keysApi(a.gw.url).create({ name: 'to-rotate' });
    await untilStatus(b.gw.url, created.key!, 200, 'B knows the key');
    const res = await keysApi(a.gw.url).call('POST', `/${created.id}/rotate`);
    assert.equal(res.status, 200);
    const rotated = (await res.json()) as { id: string; key: string; name: string };
    assert.equal(rotated.id, created.id);
    assert.equal(rotated.name, 'to-rotate');
    assert.notEqual(rotated.key, created.key);
    assert.equal(await speakWith(a.gw.url, created.key!), 401);
    assert.equal(await speakWith(a.gw.url, rotated.key), 200);
    await untilStatus(b.gw.url, created.key!, 401, 'B refuses the old key');
    assert.equal(await speakWith(b.gw.url, rotated.key), 200);
  });

  test('a change on A (allowed models) applies on B within a second', async () => {
    const created = await keysApi(a.gw.url).create({ name: 'narrowed', allowed_models: ['openai/*'] });
    await untilStatus(b.gw.url, created.key!, 200, 'B knows the key');
    const res = await keysApi(a.gw.url).call('PATCH', `/${created.id}`, { allowed_models: ['openai/whisper-1'] });
    assert.equal(res.status, 200);
    assert.deepEqual(((await res.json()) as { allowed_models: string[] }).allowed_models, ['openai/whisper-1']);
    await untilStatus(b.gw.url, created.key!, 403, 'B applies the narrowed models');
  });

  test('an expired key is refused on both with a code saying it expired', async () => {
    const expiresAt = new Date(Date.now() + 1500).toISOString();
    const created = await keysApi(a.gw.url).create({ name: 'short-lived', expires_at: expiresAt });
    await untilStatus(b.gw.url, created.key!, 200, 'B knows the key before it expires');
    await waitFor(() => Date.now() > Date.parse(expiresAt), 'the expiry time passes', 5000);
    for (const gw of [a, b]) {
      const body = await expectError(await fetch(`${gw.gw.url}/v1/audio/speech`, { method: 'POST', headers: { authorization: `Bearer ${created.key}`, 'content-type': 'application/json' }, body: '{"model":"openai/tts-1","input":"hi","voice":"alloy"}' }), 401, 'virtual_key_expired');
      assert.match(body.error.message, /expired at/);
    }
    const view = (await (await keysApi(b.gw.url).call('GET', `/${created.id}`)).json()) as { expired?: boolean };
    assert.equal(view.expired, true);
  });

  test('a JWT whose vk claim names a run-time key works like the key, on either instance', async () => {
    const created = await keysApi(a.gw.url).create({ name: 'jwt-named' });
    await untilStatus(b.gw.url, created.key!, 200, 'B knows the key');
    const token = jwt.sign({ vk: 'jwt-named' }, JWT_SECRET, { algorithm: 'HS256', expiresIn: 60 });
    assert.equal(await speakWith(b.gw.url, token), 200);
    await keysApi(a.gw.url).call('DELETE', `/${created.id}`);
    await untilStatus(b.gw.url, token, 401, 'B refuses a token naming the revoked key');
  });

  test('a name taken on one instance is taken on the other', async () => {
    const created = await keysApi(a.gw.url).create({ name: 'unique-name' });
    await untilStatus(b.gw.url, created.key!, 200, 'B knows the key');
    await expectError(await keysApi(b.gw.url).call('POST', '', { name: 'unique-name' }), 409, 'virtual_key_name_taken');
  });

  test('the same name created at once on both instances: exactly one key gets it; revoked, the name is free again', async () => {
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => keysApi((i % 2 ? a : b).gw.url).call('POST', '', { name: 'contested' })));
    const statuses = await Promise.all(answers.map(async (r) => (await r.arrayBuffer(), r.status)));
    assert.equal(statuses.filter((x) => x === 201).length, 1, `statuses: ${statuses.join(', ')}`);
    assert.equal(statuses.filter((x) => x === 409).length, 9);
    await waitFor(async () => (await keysApi(b.gw.url).list()).some((k) => k.name === 'contested'), 'B lists the key', PROPAGATION_MS + SLACK_MS);
    const held = (await keysApi(b.gw.url).list()).find((k) => k.name === 'contested')!;
    assert.equal((await keysApi(b.gw.url).call('DELETE', `/${held.id}`)).status, 200);
    await waitFor(async () => !(await keysApi(a.gw.url).list()).some((k) => k.name === 'contested'), 'A drops the key', PROPAGATION_MS + SLACK_MS);
    const again = await keysApi(a.gw.url).create({ name: 'contested' });
    assert.equal(again.name, 'contested');
    // Renamed, the old name is free and the new one taken.
    const renamed = await keysApi(a.gw.url).call('PATCH', `/${again.id}`, { name: 'contested-2' });
    assert.equal(renamed.status, 200);
    // B frees the old name once it has heard of the rename.
    await waitFor(async () => (await keysApi(b.gw.url).list()).some((k) => k.name === 'contested-2'), 'B hears of the rename', PROPAGATION_MS + SLACK_MS);
    assert.equal((await keysApi(b.gw.url).create({ name: 'contested' })).name, 'contested');
  });

  test('after Redis restarts (empty: no persistence), both instances are back in step', async () => {
    await redis.stop();
    await redis.restart();
    // Redis ran without persistence: every key is gone; A re-creates one, B must learn of it after its reconnect.
    await waitFor(async () => (await keysApi(a.gw.url).call('POST', '', { name: 'after-outage' })).status === 201, 'A writes to Redis again', 10_000);
    const key = (await keysApi(a.gw.url).list()).find((k) => k.name === 'after-outage');
    assert.ok(key);
    await waitFor(async () => (await keysApi(b.gw.url).list()).some((k) => k.name === 'after-outage'), 'B holds the key made after the outage', 10_000);
  });
});
