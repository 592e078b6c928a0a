// The dashboard end to end in a real browser (Debian's chromium through
// playwright-core): sign in with the admin key, see a request made with curl
// appear in the live log, filter it, open its detail, see the charts, the
// provider health and the jobs. Everything it loads comes from the gateway.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ADMIN_KEY, TEAM_KEY, startAdminGateway, type AdminSetup } from '../helpers/admin.js';
import { openBrowser, type Browser } from '../helpers/browser.js';

const run = promisify(execFile);
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

/** POST /v1/audio/speech with curl, as a user would; answers the request id. */
async function curlSpeech(): Promise<string> {
  const { stdout } = await run('curl', ['-s', '-o', '/dev/null', '-D', '-', '-H', `authorization: Bearer ${TEAM_KEY}`, '-H', 'content-type: application/json', '-d', '{"model":"openai/tts-1","input":"Hello from curl","voice":"alloy"}', `${s.gw.url}/v1/audio/speech`]);
  assert.match(stdout, /^HTTP\/1\.1 200/);
  return /x-request-id: (\S+)/i.exec(stdout)![1]!;
}

test('sign in, watch a curl request arrive, filter, open it, see the charts, health and jobs', async () => {
  const { page, step } = b;
  await step('sign-in', async () => {
    await page.goto(`${s.gw.url}/ui/`);
    await page.fill('input[name=credential]', 'sk-bf-wrong-key-0000000000000000');
    await page.click('button[type=submit]');
    await page.waitForSelector('.signin .error');
    await page.fill('input[name=credential]', ADMIN_KEY);
    await page.click('button[type=submit]');
    await page.waitForSelector('table.log-table');
  });

  const id = await curlSpeech();
  const row = `tr[data-request-id="${id}"]`;
  await step('request-appears', () => page.waitForSelector(row, { timeout: 15_000 }));
  assert.match(await page.textContent(row) ?? '', /speech.*team-a.*openai\/tts-1.*200/);

  await step('filter', async () => {
    await page.fill('.filters input[name=status]', '5xx');
    await page.click('.filters button[type=submit]');
    await page.waitForSelector(row, { state: 'detached' });
    await page.fill('.filters input[name=status]', '200');
    await page.fill('.filters input[name=key]', 'team-a');
    await page.click('.filters button[type=submit]');
    await page.waitForSelector(row);
  });

  await step('detail', async () => {
    await page.click(row);
    await page.waitForSelector(`aside.detail h2:has-text("${id}")`);
    await page.waitForSelector('aside.detail table.attempts');
    assert.match(await page.textContent('aside.detail') ?? '', /openai\/tts-1[\s\S]*Latency/);
    await page.click('aside.detail .close');
  });

  await step('charts', async () => {
    await page.click('header nav button:has-text("Charts")');
    await page.waitForSelector('.chart[data-chart="Requests"] canvas');
    assert.equal(await page.locator('.chart canvas').count(), 4, 'requests, errors, latency, and cost: tts-1 has a shipped price');
    await page.waitForSelector('.chart[data-chart="Cost (USD)"] canvas');
    assert.match(await page.textContent('.charts') ?? '', /openai\/tts-1/);
  });

  await step('health', async () => {
    await page.click('header nav button:has-text("Providers")');
    await page.waitForSelector('.health td:has-text("openai")');
  });

  await step('jobs', async () => {
    await page.click('header nav button:has-text("Jobs")');
    await page.waitForSelector('.jobs table');
  });

  assert.ok(!page.url().includes(ADMIN_KEY), 'the credential is never in the URL');
  const elsewhere = requested.filter((u) => !u.startsWith(s.gw.url));
  assert.deepEqual(elsewhere, [], 'nothing loaded from anywhere but the gateway');
});
