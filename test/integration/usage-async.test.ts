// Usage with async jobs and limits in audio seconds, through the default
// chain: a job's cost counts when it runs (in its result's extra_fields and
// the budget), a failed job gives its reservation back, a budget already
// spent refuses at submission; audio_seconds_per_minute counts the upload's
// measured duration.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateVirtualKey } from '../../plugins/auth/keys.js';
import { FakeOpenAI } from '../fakes/openai.js';
import { startGateway, type TestGateway } from '../helpers/gateway.js';
import { expectError, upload } from '../helpers/http.js';
import { toneWav } from '../helpers/tone-wav.js';
import { waitFor } from '../helpers/wait.js';

const KEYS = { jobs: generateVirtualKey(), audio: generateVirtualKey() };
const TWO_SECONDS = toneWav(44 + 48_000 * 2 * 2).bytes;

let fake: FakeOpenAI;
let gw: TestGateway;

before(async () => {
  fake = await FakeOpenAI.start();
  gw = await startGateway({
    providers: { openai: { base_url: fake.url } },
    auth: {
      virtual_keys: [
        { name: 'jobs', key: KEYS.jobs, budget: { max_audio_seconds: 4, period: 'day' } },
        { name: 'audio', key: KEYS.audio, rate_limit: { audio_seconds_per_minute: 5 } },
      ],
    },
  });
});
after(async () => {
  await gw.close();
  await fake.close();
});

const headers = (key: string) => ({ authorization: `Bearer ${key}` });
const submit = (key: string) => upload(`${gw.url}/v1/async/audio/transcriptions`, { fields: { model: 'openai/whisper-1', response_format: 'text' }, file: { bytes: TWO_SECONDS, filename: 'two.wav', type: 'audio/wav' }, headers: headers(key) });

interface JobAnswer {
  id: string;
  status: string;
  result?: { extra_fields?: { cost?: { audio_seconds: number; usd: number; priced: boolean } } };
  error?: { error: { code: string } };
}

async function done(key: string, id: string): Promise<JobAnswer> {
  let job: JobAnswer | undefined;
  await waitFor(async () => {
    job = (await (await fetch(`${gw.url}/v1/async/audio/transcriptions/${id}`, { headers: headers(key) })).json()) as JobAnswer;
    return job.status === 'completed' || job.status === 'failed';
  }, `job ${id} to finish`);
  return job!;
}

test("an async job's cost counts when it runs; a failed job gives its reservation back; a spent budget refuses at submission", async () => {
  const first = await submit(KEYS.jobs);
  assert.equal(first.status, 202);
  const job = await done(KEYS.jobs, ((await first.json()) as JobAnswer).id);
  assert.equal(job.status, 'completed');
  assert.deepEqual(job.result?.extra_fields?.cost, { audio_seconds: 2, usd: 0.0002, priced: true });

  fake.fail({ status: 400, times: 1, body: { error: { message: 'bad audio', type: 'invalid_request_error' } } });
  const failing = await submit(KEYS.jobs);
  assert.equal(failing.status, 202);
  assert.equal((await done(KEYS.jobs, ((await failing.json()) as JobAnswer).id)).status, 'failed');

  // 2 of 4 seconds spent: one more fits, because the failed job took nothing.
  const second = await submit(KEYS.jobs);
  assert.equal(second.status, 202);
  assert.equal((await done(KEYS.jobs, ((await second.json()) as JobAnswer).id)).status, 'completed');

  await expectError(await submit(KEYS.jobs), 402, 'budget_exceeded');
  const own = (await (await fetch(`${gw.url}/v1/usage`, { headers: headers(KEYS.jobs) })).json()) as { budget: { spent: { audio_seconds: number } } };
  assert.equal(own.budget.spent.audio_seconds, 4);
});

test('audio_seconds_per_minute counts measured audio: 2 s + 2 s fit in 5, a third is refused with 429', async () => {
  const sync = () => upload(`${gw.url}/v1/audio/transcriptions`, { fields: { model: 'openai/whisper-1', response_format: 'text' }, file: { bytes: TWO_SECONDS, filename: 'two.wav', type: 'audio/wav' }, headers: headers(KEYS.audio) });
  for (let i = 0; i < 2; i++) {
    const res = await sync();
    assert.equal(res.status, 200);
    await res.text();
    assert.equal(res.headers.get('x-ratelimit-limit-audio-seconds'), '5');
  }
  const refused = await sync();
  const body = await expectError(refused, 429, 'audio_limit_exceeded');
  assert.match(body.error.message, /may send 5 seconds of audio per minute; 4 are used this minute and this upload has 2/);
  const long = toneWav(44 + 48_000 * 2 * 6).bytes;
  const tooLong = await upload(`${gw.url}/v1/audio/transcriptions`, { fields: { model: 'openai/whisper-1' }, file: { bytes: long, filename: 'six.wav', type: 'audio/wav' }, headers: headers(KEYS.audio) });
  await expectError(tooLong, 400, 'audio_exceeds_limit');
});
