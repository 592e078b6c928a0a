// Long audio in: a 40 MB WAV (tones and silences, made here) against a fake
// OpenAI that refuses bodies over 25 MB as OpenAI does. The gateway spools
// it, cuts it at pauses into chunks under the limit, sends each through the
// default chain (fallback included) and stitches one transcript. Failures,
// async jobs and bad input are in long-audio-async.test.ts.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LongFakeOpenAI, OPENAI_MAX_BODY } from '../fakes/long-openai.js';
import { startGateway, type TestGateway } from '../helpers/gateway.js';
import { upload } from '../helpers/http.js';
import { toneWav } from '../helpers/tone-wav.js';

const wav = toneWav(40 * 1024 * 1024);
const spoolRoot = mkdtempSync(path.join(os.tmpdir(), 'voxgate-long-test-'));
let fake: LongFakeOpenAI;
let gw: TestGateway;
const savedTmp = process.env.TMPDIR;

interface Segment {
  id: number;
  start: number;
  end: number;
  text: string;
}

before(async () => {
  process.env.TMPDIR = spoolRoot; // the gateway's spool folder goes here, so the test can watch it
  fake = await LongFakeOpenAI.start();
  // The shipped default chain (plugins unset), with long uploads on.
  gw = await startGateway({
    providers: { openai: { base_url: fake.url, keys: [{ value: 'sk-upstream-test-key' }] } },
    auth: { required: false },
    long_audio: { max_upload_mb: 200, chunk_seconds: 150, concurrency: 2, max_spool_gb: 0.1 },
  });
});
after(async () => {
  await gw.close();
  await fake.close();
  process.env.TMPDIR = savedTmp;
  rmSync(spoolRoot, { recursive: true, force: true });
});
beforeEach(() => {
  fake.reset();
  fake.chunkSeconds.length = 0;
});

const spoolFiles = (): string[] =>
  readdirSync(spoolRoot, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name.startsWith('voxgate-spool-'))
    .flatMap((d) => readdirSync(path.join(spoolRoot, d.name)));

const transcribe = (fields: Record<string, string | string[]>, base = gw.url, route = '/v1/audio/transcriptions') =>
  upload(`${base}${route}`, { fields: { model: 'openai/whisper-1', ...fields }, file: { bytes: wav.bytes, filename: 'meeting.wav', type: 'audio/wav' } });

const transcriptionCalls = () => fake.requests.filter((r) => r.path.endsWith('/audio/transcriptions'));

describe('a 40 MB recording through a provider that takes 25 MB', () => {
  test('the fake refuses the whole file as OpenAI does: 413 with its error JSON', async () => {
    const res = await upload(`${fake.url}/audio/transcriptions`, { fields: { model: 'whisper-1' }, file: { bytes: wav.bytes, filename: 'meeting.wav' } });
    assert.equal(res.status, 413);
    const body = (await res.json()) as { error: { message: string; type: string; code: null; param: null } };
    assert.match(body.error.message, /^Maximum content size limit \(26214400\) exceeded \(\d+ bytes read\)$/);
    assert.equal(body.error.type, 'server_error');
  });

  test('verbose_json: chunks under the limit, stitched with monotonic times over the whole duration', async () => {
    const res = await transcribe({ response_format: 'verbose_json', 'timestamp_granularities[]': ['segment', 'word'] });
    assert.equal(res.status, 200, await res.clone().text());
    const body = (await res.json()) as { duration: number; text: string; segments: Segment[]; words: Array<{ start: number; end: number }>; extra_fields: { chunks: Array<Record<string, unknown>> } };
    const calls = transcriptionCalls();
    assert.ok(calls.length >= 2, `${calls.length} upstream calls`);
    for (const call of calls) assert.ok(call.raw.length < OPENAI_MAX_BODY, `an upstream body of ${call.raw.length} bytes`);
    assert.ok(Math.abs(body.duration - wav.seconds) <= 1, `duration ${body.duration} vs ${wav.seconds}`);
    const { segments } = body;
    assert.ok(segments.length > 10);
    assert.ok(segments[0]!.start <= 1, 'starts at the start');
    assert.ok(Math.abs(segments.at(-1)!.end - wav.seconds) <= 1, `ends at ${segments.at(-1)!.end}, the file at ${wav.seconds}`);
    segments.forEach((s, i) => {
      assert.equal(s.id, i, 'ids renumbered');
      assert.ok(s.end >= s.start);
      if (i > 0) assert.ok(s.start >= segments[i - 1]!.start, `segment ${i} starts at ${s.start}, before ${segments[i - 1]!.start}`);
      // No stretch heard twice: the overlaps are de-duplicated.
      if (i > 0) assert.ok(s.start >= segments[i - 1]!.end - 0.01, `segment ${i} overlaps the one before`);
    });
    // Every chunk's audio is covered once: the sum of what the fake heard is the file plus the overlaps.
    const heard = fake.chunkSeconds.reduce((a, b) => a + b, 0);
    assert.ok(heard >= wav.seconds - 1 && heard <= wav.seconds + calls.length * 1.5, `chunks heard ${heard} s of ${wav.seconds} s`);
    assert.ok(body.words.length > 0 && body.words.every((w, i) => i === 0 || w.start >= body.words[i - 1]!.start));
    const chunks = body.extra_fields.chunks;
    assert.equal(chunks.length, calls.length, 'one chunk listed per upstream call');
    for (const [i, c] of chunks.entries()) {
      assert.equal(c.provider, 'openai');
      assert.equal(c.model, 'whisper-1');
      assert.equal(c.attempts, 1);
      assert.equal(typeof c.latency_ms, 'number');
      if (i > 0) assert.equal(c.start, chunks[i - 1]!.end, 'chunks follow each other');
    }
    assert.equal(chunks[0]!.start, 0);
    assert.ok(Math.abs((chunks.at(-1)!.end as number) - wav.seconds) < 0.1);
    assert.deepEqual(spoolFiles(), [], 'the spool file is gone once the request has ended');
  });

  test('srt: consecutive cue numbers across the chunks', async () => {
    const res = await transcribe({ response_format: 'srt' });
    assert.equal(res.status, 200);
    const text = await res.text();
    const numbers = text
      .trim()
      .split(/\n\n/)
      .map((cue) => Number(cue.split('\n')[0]));
    assert.ok(numbers.length > 10);
    numbers.forEach((n, i) => assert.equal(n, i + 1));
    assert.ok(transcriptionCalls().length >= 2);
  });

});
