// `voxgate keys create|list|revoke|rotate --url`, run as a user runs it,
// against a running gateway (default chain) with the admin credential in
// $VOXGATE_ADMIN_KEY; and its refusals.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_KEY, TEAM_KEY, startAdminGateway, type AdminSetup } from '../helpers/admin.js';
import { runCliAsync } from '../helpers/cli.js';
import { speakWith } from '../helpers/virtual-keys.js';

let s: AdminSetup;
before(async () => {
  s = await startAdminGateway();
});
after(async () => s?.close());

const keys = (args: string[], adminKey = ADMIN_KEY) => runCliAsync(['keys', ...args, '--url', s.gw.url], adminKey ? { VOXGATE_ADMIN_KEY: adminKey } : {});

test('create, list, rotate and revoke a run-time key from the CLI', async () => {
  const created = await keys(['create', '--name', 'cli-key', '--team', 'ops', '--models', 'openai/*', '--budget', '{"max_usd": 10, "period": "month"}', '--rate-limit', '{"requests_per_minute": 60}']);
  assert.equal(created.status, 0, created.stderr);
  const key = /^key: (sk-bf-\S+)$/m.exec(created.stdout)?.[1];
  const id = /^id: (vk_\S+)$/m.exec(created.stdout)?.[1];
  assert.ok(key && id, created.stdout);
  assert.equal(await speakWith(s.gw.url, key), 200);

  const listed = await keys(['list']);
  assert.equal(listed.status, 0, listed.stderr);
  assert.match(listed.stdout, /^ID\s+NAME\s+SOURCE/m);
  assert.match(listed.stdout, new RegExp(`${id}\\s+cli-key\\s+api\\s+ops\\s+openai/\\*\\s+requests_per_minute=60\\s+max_usd=10,period=month\\s+never`));
  assert.match(listed.stdout, /config:team-a\s+team-a\s+config/);
  assert.ok(!listed.stdout.includes(key) && !listed.stdout.includes(TEAM_KEY), 'no secret in the list');

  const rotated = await keys(['rotate', 'cli-key']);
  assert.equal(rotated.status, 0, rotated.stderr);
  const newKey = /^key: (sk-bf-\S+)$/m.exec(rotated.stdout)?.[1];
  assert.ok(newKey && newKey !== key);
  assert.equal(await speakWith(s.gw.url, key), 401);
  assert.equal(await speakWith(s.gw.url, newKey), 200);

  const revoked = await keys(['revoke', id]);
  assert.equal(revoked.status, 0, revoked.stderr);
  assert.match(revoked.stdout, /revoked vk_/);
  assert.equal(await speakWith(s.gw.url, newKey), 401);
});

test('the gateway\'s refusals are printed and the exit code is non-zero', async () => {
  const taken = await keys(['create', '--name', 'team-a']);
  assert.equal(taken.status, 1);
  assert.match(taken.stderr, /the gateway refused \(409\): The name "team-a" is taken by a key in the config file/);
  const badBudget = await keys(['create', '--name', 'x', '--budget', '{"period": "month"}']);
  assert.equal(badBudget.status, 1);
  assert.match(badBudget.stderr, /\(400\).*budget must set at least one of/);
  const seed = await keys(['revoke', 'team-a']);
  assert.equal(seed.status, 1);
  assert.match(seed.stderr, /lives in the config file/);
  const unknown = await keys(['rotate', 'nobody']);
  assert.equal(unknown.status, 1);
  assert.match(unknown.stderr, /no virtual key is named "nobody"/);
  const notAdmin = await keys(['list'], TEAM_KEY);
  assert.equal(notAdmin.status, 1);
  assert.match(notAdmin.stderr, /\(403\).*not an admin/);
  const noCredential = await keys(['list'], '');
  assert.equal(noCredential.status, 2);
  assert.match(noCredential.stderr, /set VOXGATE_ADMIN_KEY/);
  const badJson = await keys(['create', '--name', 'x', '--budget', '{oops']);
  assert.equal(badJson.status, 2);
  assert.match(badJson.stderr, /--budget must be JSON/);
  const noUrl = await runCliAsync(['keys', 'list'], { VOXGATE_ADMIN_KEY: ADMIN_KEY });
  assert.equal(noUrl.status, 2);
  assert.match(noUrl.stderr, /needs --url URL/);
  const down = await runCliAsync(['keys', 'list', '--url', 'http://127.0.0.1:9'], { VOXGATE_ADMIN_KEY: ADMIN_KEY });
  assert.equal(down.status, 1);
  assert.match(down.stderr, /cannot reach the gateway at http:\/\/127\.0\.0\.1:9/);
});
