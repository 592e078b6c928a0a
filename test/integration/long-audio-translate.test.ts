// Long audio on POST /v1/audio/translations splits as transcriptions do: the
// chunks go to the provider's translations endpoint, each under its limit,
// and the stitched answer says task "translate". The request log store gets
// one record for the whole request, not one per chunk; both routes are
// gateway routes served by the fast path (core/http/fast-routes.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withLongAudioGateway } from '../helpers/long-audio.js';
import { OPENAI_MAX_BODY } from '../fakes/long-openai.js';
import { waitFor } from '../helpers/wait.js';

const ADMIN_KEY = 'sk-bf-admin-key-for-long-audio-0123456789';
const setup = withLongAudioGateway({}, { auth: { required: false, admin_keys: [{ name: 'ops', key: ADMIN_KEY }] }, logs: { store: 'sqlite://:memory:' } });

interface LogPage {
  data: Array<{ id: string; route: string; status: number; provider?: string }>;
}
const records = async (): Promise<LogPage['data']> => {
  const res = await fetch(`${setup.gw.url}/admin/logs`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
  assert.equal(res.status, 200);
  return ((await res.json()) as LogPage).data;
};

test('translations: a long upload splits like a transcription, each chunk to /audio/translations under the limit; one log record', async () => {
  const res = await setup.transcribe({ response_format: 'verbose_json' }, '/v1/audio/translations');
  assert.equal(res.status, 200, await res.clone().text());
  const body = (await res.json()) as { task: string; duration: number; segments: Array<{ start: number; end: number }>; extra_fields: { chunks: unknown[] } };
  const calls = setup.fake.requests.filter((r) => r.path.endsWith('/audio/translations'));
  assert.ok(calls.length >= 2, `${calls.length} upstream calls`);
  assert.equal(setup.transcriptionCalls().length, 0, 'no chunk went to the transcriptions endpoint');
  for (const c of calls) assert.ok(c.raw.length < OPENAI_MAX_BODY, `a chunk of ${c.raw.length} bytes`);
  assert.equal(body.task, 'translate');
  assert.equal(body.extra_fields.chunks.length, calls.length);
  assert.ok(Math.abs(body.duration - setup.wav.seconds) <= 1);
  for (let i = 1; i < body.segments.length; i++) assert.ok(body.segments[i]!.start >= body.segments[i - 1]!.start, 'monotonic segment times');
  // The record is written when the answer is finished; the store is asynchronous.
  await waitFor(async () => (await records()).some((r) => r.route === 'translation'), 'the translation record');
  const mine = (await records()).filter((r) => r.route === 'translation');
  assert.equal(mine.length, 1, 'one record for the whole request');
  assert.equal(mine[0]!.status, 200);
});
