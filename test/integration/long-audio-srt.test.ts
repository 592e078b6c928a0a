// Long audio rendered as subtitles (cue numbers consecutive across the
// chunks), and a chunk that fails after its retries fails the whole request,
// naming the chunk: no partial transcript is passed off as whole.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectError } from '../helpers/http.js';
import { withLongAudioGateway } from '../helpers/long-audio.js';

const setup = withLongAudioGateway();

test('srt: consecutive cue numbers across the chunks', async () => {
  const res = await setup.transcribe({ response_format: 'srt' });
  assert.equal(res.status, 200);
  const numbers = (await res.text())
    .trim()
    .split(/\n\n/)
    .map((cue) => Number(cue.split('\n')[0]));
  assert.ok(numbers.length > 10);
  numbers.forEach((n, i) => assert.equal(n, i + 1));
  assert.ok(setup.transcriptionCalls().length >= 2);
});

test('a chunk that fails after its retries fails the request, naming the chunk', async () => {
  setup.fake.fail({ status: 500, times: 10, match: (r) => r.path.endsWith('/audio/transcriptions') && r.files[0]?.filename === 'chunk-2.mp3' });
  const res = await setup.transcribe({ response_format: 'json' });
  assert.ok(res.status >= 500, `status ${res.status}`);
  const err = await expectError(res, res.status);
  assert.match(err.error.message, /^Chunk 2 of \d+ \(\d+:\d\d–\d+:\d\d\) failed/);
  const second = setup.transcriptionCalls().filter((r) => r.files[0]?.filename === 'chunk-2.mp3');
  assert.equal(second.length, 3, 'the chunk had its retries (fallback max_retries 2)');
});
