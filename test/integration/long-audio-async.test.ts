// The 40 MB upload through POST /v1/async/audio/transcriptions: 202 at
// once, progress { chunks_done, chunks_total } on poll, the stitched result,
// and the spool file let go of once the job is done.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from '../helpers/wait.js';
import { withLongAudioGateway } from '../helpers/long-audio.js';

const setup = withLongAudioGateway();

test('the async route answers 202 at once and shows progress on poll', async () => {
  const res = await setup.transcribe({ response_format: 'verbose_json' }, '/v1/async/audio/transcriptions');
  assert.equal(res.status, 202);
  const { id } = (await res.json()) as { id: string };
  const seen: Array<Record<string, number>> = [];
  let job: { status: string; progress?: Record<string, number>; result?: { duration: number; segments: unknown[] } } = { status: 'pending' };
  await waitFor(
    async () => {
      job = (await (await fetch(`${setup.gw.url}/v1/async/audio/transcriptions/${id}`)).json()) as typeof job;
      if (job.progress) seen.push(job.progress);
      return job.status === 'completed' || job.status === 'failed';
    },
    'the job to finish',
    100_000,
  );
  assert.equal(job.status, 'completed', JSON.stringify(job));
  assert.ok(seen.length > 0, 'progress was shown');
  const total = job.progress!.chunks_total;
  assert.ok(total >= 2);
  assert.deepEqual(job.progress, { chunks_done: total, chunks_total: total });
  assert.ok(Math.abs(job.result!.duration - setup.wav.seconds) <= 1);
  assert.ok(job.result!.segments.length > 10);
  assert.equal(setup.transcriptionCalls().length, total);
  await waitFor(() => setup.spoolFiles().length === 0, 'the job to let go of the spool file');
});
