// Long audio in: a 40 MB WAV (tones and silences, made here) against a fake
// OpenAI that refuses bodies over 25 MB as OpenAI does. The gateway spools
// it, cuts it at pauses into chunks under the limit, sends each through the
// shipped default chain (fallback included) and stitches one transcript.
// long-audio-srt, -async and -bad have the rest.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OPENAI_MAX_BODY } from '../fakes/long-openai.js';
import { upload } from '../helpers/http.js';
import { withLongAudioGateway } from '../helpers/long-audio.js';

const setup = withLongAudioGateway();

interface Segment {
  id: number;
  start: number;
  end: number;
  text: string;
}

test('the fake refuses a body over 25 MB as OpenAI does: 413 with its error JSON', async () => {
  const res = await upload(`${setup.fake.url}/audio/transcriptions`, { fields: { model: 'whisper-1' }, file: { bytes: Buffer.alloc(OPENAI_MAX_BODY, 1), filename: 'a.wav' } });
  assert.equal(res.status, 413);
  const body = (await res.json()) as { error: { message: string; type: string; code: null; param: null } };
  assert.match(body.error.message, /^Maximum content size limit \(26214400\) exceeded \(\d+ bytes read\)$/);
  assert.equal(body.error.type, 'server_error');
});

test('verbose_json: chunks under the limit, stitched with monotonic times over the whole duration', async () => {
  const { wav, fake } = setup;
  const res = await setup.transcribe({ response_format: 'verbose_json', 'timestamp_granularities[]': ['segment', 'word'] });
  assert.equal(res.status, 200, await res.clone().text());
  const body = (await res.json()) as { duration: number; text: string; segments: Segment[]; words: Array<{ start: number; end: number }>; extra_fields: { chunks: Array<Record<string, unknown>> } };
  const calls = setup.transcriptionCalls();
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
    // Monotonic, and no stretch heard twice: the overlaps are de-duplicated.
    if (i > 0) assert.ok(s.start >= segments[i - 1]!.end, `segment ${i} starts at ${s.start}, before ${segments[i - 1]!.end}`);
  });
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
  assert.deepEqual(setup.spoolFiles(), [], 'the spool file is gone once the request has ended');
});
