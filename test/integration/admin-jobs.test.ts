// GET /admin/jobs/{job_id} on the shipped config: an admin reads any
// caller's job with its progress, runs and webhook deliveries, never its
// result bytes or webhook URL; a virtual key gets 403, an unknown or
// malformed id 404. The same on the shared (redis-server) store.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ADMIN_KEY, TEAM_KEY, asAdmin, asTeam, startAdminGateway, type AdminSetup } from '../helpers/admin.js';
import { startRedis, type RedisServer } from '../helpers/redis.js';
import { waitFor } from '../helpers/wait.js';

const HOOK_TOKEN = 'hook-token-not-to-be-shown-4711';
let receiver: http.Server;
let hookUrl: string;
const deliveries: number[] = [];
let redis: RedisServer;

before(async () => {
  receiver = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      deliveries.push(Date.now());
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks?token=${HOOK_TOKEN}`;
  redis = await startRedis();
});
after(async () => {
  await new Promise((r) => receiver.close(r));
  await redis?.stop();
});

interface AdminJob {
  id: string;
  kind: string;
  status: string;
  owner: string;
  instance: string;
  attempts?: number;
  has_result: boolean;
  result_url: string;
  webhook_url_set: boolean;
  webhook?: { attempts: number; last_status: number; delivered_at?: string };
  result?: unknown;
}

async function submitSpeech(url: string): Promise<string> {
  const res = await fetch(`${url}/v1/async/audio/speech`, {
    method: 'POST',
    headers: { ...asTeam, 'content-type': 'application/json', 'x-bf-webhook-url': hookUrl },
    body: JSON.stringify({ model: 'openai/tts-1', input: 'A job for the operator to read', voice: 'alloy' }),
  });
  assert.equal(res.status, 202, await res.clone().text());
  return ((await res.json()) as { id: string }).id;
}

async function checkStore(s: AdminSetup): Promise<void> {
  const before = deliveries.length;
  const id = await submitSpeech(s.gw.url);
  let job: AdminJob | undefined;
  let text = '';
  await waitFor(async () => {
    const res = await fetch(`${s.gw.url}/admin/jobs/${id}`, { headers: asAdmin });
    assert.equal(res.status, 200);
    text = await res.text();
    job = JSON.parse(text) as AdminJob;
    return job.webhook?.delivered_at !== undefined;
  }, 'the job to end and its webhook to be delivered', 20_000);
  assert.equal(deliveries.length, before + 1);
  assert.equal(job!.status, 'completed');
  assert.equal(job!.kind, 'speech');
  assert.equal(job!.owner, 'vk:team-a');
  assert.ok(job!.instance);
  assert.deepEqual({ ...job!.webhook, delivered_at: undefined }, { attempts: 1, last_status: 204, delivered_at: undefined });
  assert.equal(job!.has_result, true);
  assert.equal(job!.result, undefined, 'the result (base64 audio) is left to the job route');
  assert.equal(job!.result_url, `/v1/async/audio/speech/${id}`);
  assert.equal(job!.webhook_url_set, true);
  for (const secret of [HOOK_TOKEN, TEAM_KEY, ADMIN_KEY, 'sk-upstream']) assert.ok(!text.includes(secret), `no ${secret} in the answer`);
  // The owner still reads it on its own route, and the admin reads the result there.
  assert.equal((await fetch(`${s.gw.url}${job!.result_url}`, { headers: asTeam })).status, 200);
  assert.equal((await fetch(`${s.gw.url}${job!.result_url}`, { headers: asAdmin })).status, 200);

  const asKey = await fetch(`${s.gw.url}/admin/jobs/${id}`, { headers: asTeam });
  assert.equal(asKey.status, 403);
  for (const bad of ['00000000-0000-4000-8000-000000000000', 'not-a-job', `${id}x`]) {
    const res = await fetch(`${s.gw.url}/admin/jobs/${bad}`, { headers: asAdmin });
    assert.equal(res.status, 404, bad);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'job_not_found');
  }
}

const SECRET = `whsec_${Buffer.from('the admin-jobs webhook secret, 32b').toString('base64')}`;
const webhooks = { webhooks: { endpoints: [], allowed_hosts: ['127.0.0.1'], secret: SECRET, backoff_s: 0.2 } };

test('memory store: an admin reads a key’s job with its webhook delivery, nothing secret', async () => {
  const s = await startAdminGateway(webhooks);
  try {
    await checkStore(s);
  } finally {
    await s.close();
  }
});

test('redis store: the same from the shared queue’s records', async () => {
  const s = await startAdminGateway({ ...webhooks, store: { url: redis.url } });
  try {
    await checkStore(s);
  } finally {
    await s.close();
  }
});
