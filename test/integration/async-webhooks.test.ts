// Completion webhooks on the shared queue (real redis-server): a receiver
// that fails twice then accepts gets exactly one accepted delivery, signed
// per Standard Webhooks (verified with the standardwebhooks package), and the
// job shows the delivery state; a per-job URL outside webhooks.allowed_hosts
// (a private address here) is a 400 at submit. With the memory store, the
// configured endpoints are told from this process the same way.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { FakeOpenAI } from '../fakes/openai.js';
import { fakeAudio } from '../fakes/audio.js';
import { startGateway, type TestGateway } from '../helpers/gateway.js';
import { upload } from '../helpers/http.js';
import { startRedis, type RedisServer } from '../helpers/redis.js';
import { waitFor } from '../helpers/wait.js';
import { finished, submitUpload } from '../helpers/jobs.js';

const SECRET = `whsec_${Buffer.from('a webhook signing secret, 32 bytes').toString('base64')}`;

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
  answered: number;
}

let redis: RedisServer;
let fake: FakeOpenAI;
let gw: TestGateway;
let receiver: http.Server;
let receiverUrl: string;
const received: Received[] = [];

before(async () => {
  redis = await startRedis();
  fake = await FakeOpenAI.start();
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += String(d)));
    req.on('end', () => {
      // Fails twice, then accepts.
      const answered = received.length < 2 ? 500 : 204;
      received.push({ headers: req.headers, body, answered });
      res.writeHead(answered).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  gw = await startGateway({
    store: { url: redis.url },
    providers: { openai: { base_url: fake.url } },
    plugins: [{ name: 'async-job', lease_s: 2 }, { name: 'fallback', max_retries: 0 }],
    webhooks: { endpoints: [], allowed_hosts: ['127.0.0.1'], secret: SECRET, max_attempts: 5, backoff_s: 0.2 },
  });
});
after(async () => {
  await gw.close();
  await new Promise((r) => receiver.close(r));
  await fake.close();
  await redis.stop();
});

test('a receiver that fails twice then accepts gets exactly one accepted delivery, with a valid signature', async () => {
  const { job } = await submitUpload(gw.url, 5001, { 'x-bf-webhook-url': receiverUrl });
  const done = await finished(gw.url, job.id);
  assert.equal(done.status, 'completed');
  await waitFor(() => received.length === 3, 'the third delivery', 30_000);
  const accepted = received.filter((r) => r.answered < 300);
  assert.equal(accepted.length, 1);
  const verified = new Webhook(SECRET).verify(accepted[0]!.body, {
    'webhook-id': String(accepted[0]!.headers['webhook-id']),
    'webhook-timestamp': String(accepted[0]!.headers['webhook-timestamp']),
    'webhook-signature': String(accepted[0]!.headers['webhook-signature']),
  }) as { type: string; data: { id: string; status: string; result?: unknown } };
  assert.equal(verified.type, 'async_job.completed');
  assert.equal(verified.data.id, job.id);
  assert.equal(verified.data.status, 'completed');
  assert.ok(verified.data.result, 'the payload is the job record');
  assert.equal(new Set(received.map((r) => r.headers['webhook-id'])).size, 1, 'retries keep the message id');
  let state: { attempts: number; last_status: number; delivered_at?: string } | undefined;
  await waitFor(async () => {
    state = (await finished(gw.url, job.id)).webhook;
    return state?.delivered_at !== undefined;
  }, 'the delivery state on the job');
  assert.equal(state?.attempts, 3);
  assert.equal(state?.last_status, 204);
  await new Promise((r) => setTimeout(r, 1000));
  assert.equal(received.length, 3, 'nothing is delivered after it was accepted');
  const metrics = await (await fetch(`${gw.url}/metrics`)).text();
  assert.match(metrics, /voxgate_webhook_deliveries_total\{outcome="delivered"\} 1\n/);
  assert.match(metrics, /voxgate_webhook_deliveries_total\{outcome="failed_attempt"\} 2\n/);
  assert.match(metrics, /voxgate_async_jobs_queue\{state="waiting"\} 0\n/);
  assert.match(metrics, /voxgate_async_jobs_finished_total\{kind="transcription",status="completed"\} 1\n/);
  assert.match(metrics, /voxgate_async_job_retries_total 0\n/);
  assert.match(metrics, /voxgate_async_job_lost_locks_total 0\n/);
});

test('a per-job URL outside webhooks.allowed_hosts is refused at submit', async () => {
  for (const url of ['http://10.0.0.5/hooks', 'http://localhost/hooks', 'https://hooks.example.com/x', 'not a url']) {
    const res = await upload(`${gw.url}/v1/async/audio/transcriptions`, { fields: { model: 'openai/whisper-1' }, file: { bytes: fakeAudio('mp3', 1000) }, headers: { 'x-bf-webhook-url': url } });
    assert.equal(res.status, 400, url);
    const body = (await res.json()) as { error: { code: string; param: string } };
    assert.equal(body.error.code, 'invalid_webhook_url');
  }
});

test('memory store: a configured endpoint is told of the events it asks for, signed', async () => {
  const got: Received[] = [];
  const sink = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += String(d)));
    req.on('end', () => {
      got.push({ headers: req.headers, body, answered: 200 });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
  const memory = await startGateway({
    auth: { required: false },
    providers: { openai: { base_url: fake.url } },
    webhooks: { endpoints: [{ url: `http://127.0.0.1:${(sink.address() as AddressInfo).port}/`, secret: SECRET, events: ['async_job.failed'] }], backoff_s: 0.2 },
  });
  try {
    fake.fail({ status: 400 });
    const failed = await submitUpload(memory.url, 5002);
    const ok = await submitUpload(memory.url, 5003);
    assert.equal((await finished(memory.url, failed.job.id)).status, 'failed');
    assert.equal((await finished(memory.url, ok.job.id)).status, 'completed');
    await waitFor(() => got.length === 1, 'the failed job to be told');
    const event = new Webhook(SECRET).verify(got[0]!.body, {
      'webhook-id': String(got[0]!.headers['webhook-id']),
      'webhook-timestamp': String(got[0]!.headers['webhook-timestamp']),
      'webhook-signature': String(got[0]!.headers['webhook-signature']),
    }) as { type: string; data: { id: string } };
    assert.equal(event.type, 'async_job.failed');
    assert.equal(event.data.id, failed.job.id);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(got.length, 1, 'the completed job is not sent to an endpoint that asked only for failures');
  } finally {
    await memory.close();
    await new Promise((r) => sink.close(r));
  }
});
