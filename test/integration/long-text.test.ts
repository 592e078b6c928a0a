// Long text out: a 12,000-character document against a fake OpenAI that
// takes 4,096 characters a call. The gateway splits it at paragraph and
// sentence boundaries, speaks the parts in order with the same voice and
// settings, and streams one mp3 that ffprobe reads as the sum of the parts.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { LongFakeOpenAI, OPENAI_MAX_INPUT } from '../fakes/long-openai.js';
import { startGateway, type TestGateway } from '../helpers/gateway.js';
import { expectError, postJson } from '../helpers/http.js';
import { readEvents } from '../helpers/sse.js';

let fake: LongFakeOpenAI;
let gw: TestGateway;

before(async () => {
  fake = await LongFakeOpenAI.start();
  gw = await startGateway({ providers: { openai: { base_url: fake.url, keys: [{ value: 'sk-upstream-test-key' }] } }, auth: { required: false } });
});
after(async () => {
  await gw.close();
  await fake.close();
});
beforeEach(() => {
  fake.reset();
  fake.speechSeconds.length = 0;
});

/** A document of paragraphs of sentences, `chars` long. */
export function documentOf(chars: number): string {
  const sentence = (i: number) => `Sentence number ${i} of this chapter says something worth hearing aloud.`;
  const paragraphs: string[] = [];
  let text = '';
  for (let p = 0, i = 0; text.length < chars; p++) {
    const sentences: string[] = [];
    for (let k = 0; k < 7; k++) sentences.push(sentence(i++));
    paragraphs.push(sentences.join(' '));
    text = paragraphs.join('\n\n');
  }
  return text.slice(0, chars).replace(/\s+\S*$/, '.');
}

const input = documentOf(12_000);
const speechCalls = () => fake.requests.filter((r) => r.path.endsWith('/audio/speech'));

async function probe(bytes: Buffer): Promise<{ duration: number; codec: string; format: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'long-text-'));
  try {
    const file = path.join(dir, 'answer');
    await writeFile(file, bytes);
    const r = spawnSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration,format_name:stream=codec_name', '-of', 'json', file], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const parsed = JSON.parse(r.stdout) as { format: { duration: string; format_name: string }; streams: Array<{ codec_name: string }> };
    const decode = spawnSync('ffmpeg', ['-v', 'error', '-i', file, '-f', 'null', '-'], { encoding: 'utf8' });
    assert.equal(decode.stderr.trim(), '', 'the joined file decodes without errors');
    return { duration: Number(parsed.format.duration), codec: parsed.streams[0]!.codec_name, format: parsed.format.format_name };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('12,000 characters through a 4,096 limit: three calls, one mp3 as long as the three parts', async () => {
  assert.ok(input.length >= 11_900 && input.length <= 12_000, `${input.length}`);
  const res = await postJson(`${gw.url}/v1/audio/speech`, { model: 'openai/tts-1', input, voice: 'alloy', speed: 1.25, response_format: 'mp3' });
  assert.equal(res.status, 200, await res.clone().text());
  assert.equal(res.headers.get('content-type'), 'audio/mpeg');
  const bytes = Buffer.from(await res.arrayBuffer());
  const calls = speechCalls();
  assert.equal(calls.length, 3);
  const parts = calls.map((c) => c.json as { input: string; voice: string; speed: number; model: string });
  for (const part of parts) {
    assert.ok(part.input.length <= OPENAI_MAX_INPUT);
    assert.equal(part.voice, 'alloy');
    assert.equal(part.speed, 1.25);
    assert.equal(part.model, 'tts-1');
    assert.match(part.input, /\.$/, 'cut at a sentence end');
  }
  assert.equal(parts.map((p) => p.input).join(' ').replace(/\s+/g, ' '), input.replace(/\s+/g, ' '), 'the parts are the input, in order');
  const { duration, codec, format } = await probe(bytes);
  assert.equal(codec, 'mp3');
  assert.equal(format, 'mp3');
  const sum = fake.speechSeconds.reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(duration - sum) < 0.15, `joined ${duration} s, parts ${sum} s`);
  assert.equal(bytes.indexOf('ID3', 10, 'latin1'), -1, 'only the first ID3 tag is kept');
  assert.equal(bytes.indexOf('Xing', 0, 'latin1'), -1, 'no Xing frame tells a part length as the whole');
  assert.equal(bytes.indexOf('Info', 0, 'latin1'), -1);
});

test('stream_format sse: deltas across the parts, one done event', async () => {
  const res = await postJson(`${gw.url}/v1/audio/speech`, { model: 'openai/gpt-4o-mini-tts', input, voice: 'alloy', stream_format: 'sse' });
  assert.equal(res.status, 200);
  const events = (await readEvents(res)).flatMap((e) => (e.json?.type ? [e.json] : []));
  const done = events.filter((e) => e.type === 'speech.audio.done');
  assert.equal(done.length, 1);
  assert.equal(events.at(-1)!.type, 'speech.audio.done');
  const audio = Buffer.concat(events.filter((e) => e.type === 'speech.audio.delta').map((e) => Buffer.from(String(e.audio), 'base64')));
  assert.equal(speechCalls().length, 3);
  const { duration } = await probe(audio);
  assert.ok(Math.abs(duration - fake.speechSeconds.reduce((a, b) => a + b, 0)) < 0.15);
});

test('opus is made by ffmpeg from the joined wav parts', async () => {
  const res = await postJson(`${gw.url}/v1/audio/speech`, { model: 'openai/tts-1', input, voice: 'alloy', response_format: 'opus' });
  assert.equal(res.status, 200, await res.clone().text());
  assert.equal(res.headers.get('content-type'), 'audio/ogg', 'as for any opus answer');
  const calls = speechCalls();
  assert.equal(calls.length, 3);
  assert.ok(calls.every((c) => (c.json as { response_format: string }).response_format === 'wav'), 'the parts are asked as wav');
  const { duration, codec } = await probe(Buffer.from(await res.arrayBuffer()));
  assert.equal(codec, 'opus');
  assert.ok(Math.abs(duration - fake.speechSeconds.reduce((a, b) => a + b, 0)) < 0.2, `opus ${duration} s`);
});

test('wav parts are joined under one streaming header', async () => {
  const res = await postJson(`${gw.url}/v1/audio/speech`, { model: 'openai/tts-1', input, voice: 'alloy', response_format: 'wav' });
  assert.equal(res.status, 200);
  const bytes = Buffer.from(await res.arrayBuffer());
  assert.equal(bytes.indexOf('RIFF', 4, 'latin1'), -1, 'one RIFF header');
  assert.equal(bytes.readUInt32LE(4), 0xffffffff, 'length unknown while streaming');
  const { codec } = await probe(bytes);
  assert.equal(codec, 'pcm_s16le');
});

test('a part that fails before the first byte is a proper error, naming the part', async () => {
  fake.fail({ status: 400, body: { error: { message: 'bad voice', type: 'invalid_request_error', param: 'voice', code: null } }, times: 5 });
  const res = await postJson(`${gw.url}/v1/audio/speech`, { model: 'openai/tts-1', input, voice: 'alloy' });
  const err = await expectError(res, 400);
  assert.match(err.error.message, /^Part 1 of 3 of the input failed/);
});

test('input within the limit is one call, untouched', async () => {
  const res = await postJson(`${gw.url}/v1/audio/speech`, { model: 'openai/tts-1', input: input.slice(0, 4000), voice: 'alloy' });
  assert.equal(res.status, 200);
  await res.arrayBuffer();
  assert.equal(speechCalls().length, 1);
});
