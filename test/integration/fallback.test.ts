// The fallback plugin through a real gateway: retries with backoff and
// Retry-After, key rotation, falling back on what another provider may not
// share, never on the caller's own fault, and the attempts in every answer.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeOpenAI, openAIError } from '../fakes/openai.js';
import { fakeAudio, sha256 } from '../fakes/audio.js';
import { startGateway, type TestGateway } from '../helpers/gateway.js';
import { expectError, postJson, upload } from '../helpers/http.js';
import { freePort } from '../helpers/redis.js';
import { waitFor } from '../helpers/wait.js';

let primary: FakeOpenAI;
let backup: FakeOpenAI;
let gw: TestGateway;
const audio = fakeAudio('mp3', 200_000);

interface Attempt {
  provider: string;
  model: string;
  status: number;
  code?: string;
}

before(async () => {
  primary = await FakeOpenAI.start({ apiKey: 'key-two' });
  backup = await FakeOpenAI.start();
  backup.transcript = 'Served by the backup.';
  gw = await startGateway({
    providers: {
      primary: { type: 'openai', base_url: primary.url, keys: [{ value: 'key-one' }, { value: 'key-two' }], timeout_s: 0.5 },
      single: { type: 'openai', base_url: primary.url, keys: [{ value: 'key-one' }] },
      backup: { type: 'openai', base_url: backup.url },
      down: { type: 'openai', base_url: `http://127.0.0.1:${await freePort()}/v1` },
    },
    plugins: [{ name: 'fallback', max_retries: 2, backoff_ms: 10, max_backoff_ms: 50, max_retry_after_s: 5 }],
  });
});
after(async () => {
  await gw.close();
  await primary.close();
  await backup.close();
});
beforeEach(() => {
  primary.reset();
  backup.reset();
});

const transcribe = (model: string, fallbacks: string[], signal?: AbortSignal) =>
  upload(`${gw.url}/v1/audio/transcriptions`, { fields: { model, fallbacks }, file: { bytes: audio }, signal });
const transcript = async (res: Response) => (await res.json()) as { text: string; extra_fields: { provider: string; model_requested: string; attempts: Attempt[]; fallback_index: number } };
// The fake's key check fails key-one; a healthy first call needs key-two first.
const okKeyFirst = () => primary.fail({ status: 401, body: openAIError('Incorrect API key provided: key-one.', 'invalid_api_key'), match: (r) => r.headers.authorization === 'Bearer key-one', times: 100 });

for (const [label, fault] of [
  ['500', { status: 500 }],
  ['503', { status: 503 }],
  ['429', { status: 429, body: openAIError('Rate limit reached', 'rate_limit_exceeded') }],
] as const) {
  test(`${label} from the primary, after its retries, falls back to the next model`, async () => {
    okKeyFirst();
    primary.fail({ ...fault, times: 3, match: (r) => r.headers.authorization === 'Bearer key-two' });
    const res = await transcribe('primary/whisper-1', ['backup/whisper-large']);
    assert.equal(res.status, 200);
    const body = await transcript(res);
    assert.equal(body.text, 'Served by the backup.');
    assert.equal(body.extra_fields.provider, 'backup');
    assert.equal(body.extra_fields.model_requested, 'whisper-large');
    assert.equal(body.extra_fields.fallback_index, 1);
    assert.deepEqual(body.extra_fields.attempts.map((a) => [a.provider, a.status]).at(-1), ['backup', 200]);
    assert.ok(body.extra_fields.attempts.filter((a) => a.provider === 'primary').length >= 3, 'the primary was retried');
    assert.equal(sha256(backup.last.files[0]!.bytes), sha256(audio), 'the same upload was replayed to the fallback');
  });
}

test('a timeout falls back', async () => {
  primary.fail({ hang: true, times: 10 });
  const body = await transcript(await transcribe('primary/whisper-1', ['backup/whisper-1']));
  assert.equal(body.extra_fields.provider, 'backup');
  assert.ok(body.extra_fields.attempts.some((a) => a.code === 'upstream_timeout'));
});

test('a refused connection falls back', async () => {
  const body = await transcript(await transcribe('down/whisper-1', ['backup/whisper-1']));
  assert.equal(body.extra_fields.provider, 'backup');
  assert.deepEqual(body.extra_fields.attempts.map((a) => a.code ?? a.status), ['upstream_unreachable', 'upstream_unreachable', 'upstream_unreachable', 200]);
});

test("the caller's own fault (400) is answered at once: no retry, no fallback", async () => {
  okKeyFirst();
  primary.fail({ status: 400, body: openAIError('Invalid file format.', 'invalid_value', 'file'), match: (r) => r.headers.authorization === 'Bearer key-two' });
  const res = await transcribe('primary/whisper-1', ['backup/whisper-1']);
  const body = await expectError(res, 400, 'invalid_value');
  assert.equal(backup.requests.length, 0);
  assert.equal((body.extra_fields.attempts as Attempt[]).length, 2, 'key-one (401, rotated) then key-two (400, stop)');
});

test('a retry honours the upstream Retry-After', async () => {
  const started = Date.now();
  backup.fail({ status: 429, headers: { 'retry-after': '1' }, body: openAIError('slow down', 'rate_limit_exceeded') });
  const body = await transcript(await transcribe('backup/whisper-1', []));
  assert.equal(body.extra_fields.provider, 'backup');
  assert.deepEqual(body.extra_fields.attempts.map((a) => a.status), [429, 200]);
  assert.ok(Date.now() - started >= 1000, 'it waited the second the upstream asked for');
});

test('a Retry-After longer than max_retry_after_s moves on instead of waiting', async () => {
  backup.fail({ status: 503, headers: { 'retry-after': '3600' } });
  primary.fail({ status: 500, times: 10 });
  const res = await transcribe('backup/whisper-1', ['primary/whisper-1']);
  await expectError(res, 503);
  assert.equal(backup.requests.length, 1);
});

test('the next key is used after a 401 or 429', async () => {
  const res = await transcribe('primary/whisper-1', []);
  assert.equal(res.status, 200);
  assert.deepEqual(primary.requests.map((r) => r.headers.authorization), ['Bearer key-one', 'Bearer key-two']);
  const body = await transcript(res);
  assert.deepEqual(body.extra_fields.attempts.map((a) => a.status), [401, 200]);
  primary.reset();
  primary.fail({ status: 429, match: (r) => r.headers.authorization === 'Bearer key-one' });
  await transcript(await transcribe('primary/whisper-1', []));
  assert.deepEqual(primary.requests.map((r) => r.headers.authorization), ['Bearer key-one', 'Bearer key-two']);
});

test('a 401 with a single key falls back without retrying it', async () => {
  const body = await transcript(await transcribe('single/whisper-1', ['backup/whisper-1']));
  assert.equal(primary.requests.length, 1);
  assert.equal(body.extra_fields.provider, 'backup');
});

test("when every attempt fails, the primary's error is answered with all attempts", async () => {
  okKeyFirst();
  primary.fail({ status: 500, body: openAIError('primary broke', 'server_error'), times: 3, match: (r) => r.headers.authorization === 'Bearer key-two' });
  backup.fail({ status: 502, times: 3 });
  const res = await transcribe('primary/whisper-1', ['backup/whisper-1']);
  const body = await expectError(res, 500);
  assert.equal(body.error.message, 'primary broke');
  const attempts = body.extra_fields.attempts as Attempt[];
  assert.deepEqual(attempts.map((a) => `${a.provider}:${a.status}`), ['primary:401', 'primary:500', 'primary:500', 'backup:502', 'backup:502', 'backup:502']);
});

test('speech falls back too, and the audio streams from the fallback', async () => {
  okKeyFirst();
  primary.fail({ status: 503, times: 3, match: (r) => r.headers.authorization === 'Bearer key-two' });
  const res = await postJson(`${gw.url}/v1/audio/speech`, { model: 'primary/tts-1', fallbacks: ['backup/tts-1'], input: 'hi', voice: 'alloy' });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('x-bf-provider'), 'backup');
  assert.equal(res.headers.get('x-bf-fallback-index'), '1');
  assert.ok(Buffer.from(await res.arrayBuffer()).equals(fakeAudio('mp3', backup.speechBytes)));
});

test('a client that goes away during a backoff stops the retries', async () => {
  backup.fail({ status: 429, headers: { 'retry-after': '1' }, times: 5 });
  const controller = new AbortController();
  const pending = transcribe('backup/whisper-1', ['primary/whisper-1'], controller.signal);
  await waitFor(() => backup.requests.length === 1, 'the first attempt');
  controller.abort();
  await assert.rejects(pending);
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(backup.requests.length, 1, 'no retry after the client left');
  assert.equal(primary.requests.length, 0, 'no fallback after the client left');
});
