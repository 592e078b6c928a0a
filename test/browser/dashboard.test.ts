// The dashboard end to end in a real browser (Debian's chromium through
// playwright-core): sign in with the admin key, see a request made with curl
// appear in the live log, filter it, open its detail, see the charts, the
// provider health, and an async job of long audio (split in chunks) with its
// progress and webhook delivery. Everything it loads comes from the gateway.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ADMIN_KEY, TEAM_KEY, startAdminGateway, type AdminSetup } from '../helpers/admin.js';
import { openBrowser, type Browser } from '../helpers/browser.js';
import { toneWav } from '../helpers/tone-wav.js';

const run = promisify(execFile);
const SECRET = `whsec_${Buffer.from('the dashboard test webhook secret').toString('base64')}`;
let s: AdminSetup;
let b: Browser;
let hooks: http.Server;
let hookUrl: string;
let dir: string;
const requested: string[] = [];

before(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'voxgate-dashboard-'));
  hooks = http.createServer((req, res) => req.resume().on('end', () => res.writeHead(204).end()));
  await new Promise<void>((r) => hooks.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${(hooks.address() as AddressInfo).port}/done`;
  s = await startAdminGateway({
    // Past server.max_upload_mb (25) an upload is spooled, and past OpenAI's 25 MB it is split.
    long_audio: { max_upload_mb: 60, chunk_seconds: 60 },
    webhooks: { endpoints: [], allowed_hosts: ['127.0.0.1'], secret: SECRET, backoff_s: 0.2 },
  });
  b = await openBrowser();
  b.page.on('request', (r) => requested.push(r.url()));
});
after(async () => {
  await b?.close();
  await s?.close();
  await new Promise((r) => hooks?.close(r));
  rmSync(dir, { recursive: true, force: true });
});

/** POST /v1/audio/speech with curl, as a user would; answers the request id. */
async function curlSpeech(): Promise<string> {
  const { stdout } = await run('curl', ['-s', '-o', '/dev/null', '-D', '-', '-H', `authorization: Bearer ${TEAM_KEY}`, '-H', 'content-type: application/json', '-d', '{"model":"openai/tts-1","input":"Hello from curl","voice":"alloy"}', `${s.gw.url}/v1/audio/speech`]);
  assert.match(stdout, /^HTTP\/1\.1 200/);
  return /x-request-id: (\S+)/i.exec(stdout)![1]!;
}

/** A 30 MB recording (2.6 min) submitted as an async job with curl, with a webhook; answers the job id. */
async function curlLongJob(): Promise<string> {
  const file = path.join(dir, 'meeting.wav');
  writeFileSync(file, toneWav(30 * 1024 * 1024).bytes);
  const { stdout } = await run('curl', ['-s', '-H', `authorization: Bearer ${TEAM_KEY}`, '-H', `x-bf-webhook-url: ${hookUrl}`, '-F', 'model=openai/whisper-1', '-F', `file=@${file};type=audio/wav`, `${s.gw.url}/v1/async/audio/transcriptions`]);
  const job = JSON.parse(stdout) as { id?: string; status?: string };
  assert.equal(job.status, 'pending', stdout);
  return job.id!;
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

  const jobId = await curlLongJob();
  await step('jobs', async () => {
    await page.click('header nav button:has-text("Jobs")');
    const jobRow = `.jobs tr[data-job-id="${jobId}"]`;
    await page.waitForSelector(jobRow, { timeout: 15_000 });
    assert.match(await page.textContent(jobRow) ?? '', /team-a.*openai\/whisper-1/);
    await page.click(jobRow);
    await page.waitForSelector('aside.job-detail .state:has-text("completed")', { timeout: 60_000 });
    await page.waitForSelector('aside.job-detail .webhook:has-text("delivered")', { timeout: 15_000 });
    const detail = await page.textContent('aside.job-detail') ?? '';
    const chunks = /(\d+) of (\d+) chunks/.exec(detail);
    assert.ok(chunks && chunks[1] === chunks[2] && Number(chunks[2]) >= 2, `split and every chunk done: ${detail}`);
    assert.match(detail, /1 attempt · last answer 204/);
    assert.ok(!detail.includes(hookUrl), 'the webhook URL is not shown');
    await page.click('aside.job-detail .close');
  });

  assert.ok(!page.url().includes(ADMIN_KEY), 'the credential is never in the URL');
  const elsewhere = requested.filter((u) => !u.startsWith(s.gw.url));
  assert.deepEqual(elsewhere, [], 'nothing loaded from anywhere but the gateway');
});
