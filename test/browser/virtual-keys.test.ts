// The dashboard's keys page in a real browser (Debian's chromium through
// playwright-core): the config file's key listed read-only, a key created
// with its secret shown once (and working), rotated (the old secret refused),
// then revoked, all through the admin API.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_KEY, startAdminGateway, type AdminSetup } from '../helpers/admin.js';
import { openBrowser, type Browser } from '../helpers/browser.js';
import { speakWith } from '../helpers/virtual-keys.js';
import { waitFor } from '../helpers/wait.js';

let s: AdminSetup;
let b: Browser;
const requested: string[] = [];

before(async () => {
  s = await startAdminGateway();
  b = await openBrowser();
  b.page.on('request', (r) => requested.push(r.url()));
});
after(async () => {
  await b?.close();
  await s?.close();
});

test('list, create (secret shown once), rotate and revoke keys on the dashboard', async () => {
  const { page, step } = b;
  await step('keys-sign-in', async () => {
    await page.goto(`${s.gw.url}/ui/`);
    await page.fill('input[name=credential]', ADMIN_KEY);
    await page.click('button[type=submit]');
    await page.waitForSelector('table.log-table');
    await page.click('header nav button:has-text("Keys")');
    await page.waitForSelector('tr[data-key-name="team-a"]');
  });
  assert.match((await page.textContent('tr[data-key-name="team-a"]')) ?? '', /config file.*change it in the config file/);

  const row = 'tr[data-key-name="ui-key"]';
  const secret = await step('keys-create', async () => {
    await page.fill('.create-key input[name=name]', 'ui-key');
    await page.fill('.create-key input[name=team]', 'web');
    await page.fill('.create-key input[name=models]', 'openai/*');
    await page.fill('.create-key input[name=requests_per_minute]', '30');
    await page.fill('.create-key input[name=max_usd]', '12.5');
    await page.selectOption('.create-key select[name=period]', 'week');
    await page.click('.create-key button[type=submit]');
    await page.waitForSelector('.secret .new-key');
    await page.waitForSelector(row);
    return (await page.textContent('.secret .new-key')) ?? '';
  });
  assert.match(secret, /^sk-bf-/);
  assert.match((await page.textContent(row)) ?? '', /ui-key.*run-time.*web.*openai\/\*.*requests_per_minute: 30.*max_usd: 12\.5, period: week.*never/);
  assert.equal(await speakWith(s.gw.url, secret), 200, 'the key shown works');
  await step('keys-budget-spent', async () => {
    // The speech it just made is priced (tts-1, per character): the budget shows it spent and what is left.
    const spent = async () => (await page.locator(`${row} .budget-state`).textContent({ timeout: 1000 }).catch(() => null)) ?? "";
    await waitFor(async () => /spent \$(?!0,)[0-9.e-]+, left \$12\.\d+/.test(await spent()), 'the budget to show what the speech spent', 15_000);
  });
  assert.match((await page.textContent(`${row} .budget-state`)) ?? '', /resets /);

  await step('keys-secret-once', async () => {
    await page.click('.secret button');
    await page.waitForSelector('.secret', { state: 'detached' });
    assert.ok(!((await page.content()).includes(secret)), 'the secret is gone from the page once dismissed');
  });

  const rotated = await step('keys-rotate', async () => {
    await page.click(`${row} button.rotate`);
    await page.click(`${row} button.confirm`);
    await page.waitForSelector('.secret .new-key');
    return (await page.textContent('.secret .new-key')) ?? '';
  });
  assert.notEqual(rotated, secret);
  assert.equal(await speakWith(s.gw.url, secret), 401, 'the old secret is refused');
  assert.equal(await speakWith(s.gw.url, rotated), 200);

  await step('keys-refusal-shown', async () => {
    await page.click('.secret button');
    await page.fill('.create-key input[name=name]', 'team-a');
    await page.click('.create-key button[type=submit]');
    await page.waitForSelector('.keys .error:has-text("is taken")');
  });

  await step('keys-revoke', async () => {
    await page.click(`${row} button.revoke`);
    await page.click(`${row} button.confirm`);
    await page.waitForSelector(row, { state: 'detached' });
  });
  assert.equal(await speakWith(s.gw.url, rotated), 401, 'the revoked key is refused');

  const elsewhere = requested.filter((u) => !u.startsWith(s.gw.url));
  assert.deepEqual(elsewhere, [], 'nothing loaded from anywhere but the gateway');
});
