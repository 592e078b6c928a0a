// `npm run screenshot`: the README's picture of the dashboard (docs/dashboard.png),
// taken from a real gateway after real traffic: transcriptions, speech, a
// refused request and an async job, then the log with one request open.
import path from 'node:path';
import { fakeAudio } from '../fakes/audio.js';
import { postJson, upload } from '../helpers/http.js';
import { ADMIN_KEY, TEAM_KEY, startAdminGateway } from '../helpers/admin.js';
import { openBrowser } from '../helpers/browser.js';
import { packageRoot } from '../../core/paths.js';

const out = path.join(packageRoot, 'docs', 'dashboard.png');
const s = await startAdminGateway();
const b = await openBrowser({ width: 1600, height: 860 });
try {
  const team = { authorization: `Bearer ${TEAM_KEY}` };
  for (const format of ['json', 'verbose_json', 'srt']) await (await upload(`${s.gw.url}/v1/audio/transcriptions`, { fields: { model: 'openai/whisper-1', response_format: format }, file: { bytes: fakeAudio('mp3', 8000) }, headers: team })).arrayBuffer();
  await (await postJson(`${s.gw.url}/v1/audio/speech`, { model: 'openai/tts-1', input: 'Welcome to Voxgate.', voice: 'alloy' }, team)).arrayBuffer();
  await (await postJson(`${s.gw.url}/v1/audio/speech`, { model: 'openai/tts-1', input: '', voice: 'alloy' }, team)).arrayBuffer();
  await (await upload(`${s.gw.url}/v1/async/audio/transcriptions`, { fields: { model: 'openai/whisper-1' }, file: { bytes: fakeAudio('mp3', 8000) }, headers: team })).arrayBuffer();
  await (await fetch(`${s.gw.url}/admin/logs`, { headers: team })).arrayBuffer();
  const last = await upload(`${s.gw.url}/v1/audio/transcriptions`, { fields: { model: 'openai/whisper-1' }, file: { bytes: fakeAudio('mp3', 8000) }, headers: team });
  await last.arrayBuffer();
  const { page } = b;
  await page.goto(`${s.gw.url}/ui/`);
  await page.fill('input[name=credential]', ADMIN_KEY);
  await page.click('button[type=submit]');
  const row = `tr[data-request-id="${last.headers.get('x-request-id')}"]`;
  await page.waitForSelector(row, { timeout: 15_000 });
  await page.locator('table.log-table tbody tr').nth(6).waitFor({ timeout: 15_000 });
  await page.click(row);
  await page.waitForSelector('aside.detail table.attempts');
  await page.screenshot({ path: out });
  process.stdout.write(`${out}\n`);
} finally {
  await b.close();
  await s.close();
}
