// The pure pieces of long media: where to cut, how chunks are stitched, how
// text is split, and how mp3 and wav parts are joined.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSilences, planChunks } from '../../core/long-media/plan.js';
import { stitch } from '../../core/long-media/stitch.js';
import { splitText } from '../../core/long-media/split-text.js';
import { joinPart, streamingWavHeader, wavDataOffset } from '../../core/long-media/join-audio.js';
import { frameAt, id3Length, isInfoFrame } from '../../core/long-media/mp3.js';
import { wavHeader } from '../helpers/tone-wav.js';

test('planChunks: cuts in the last pause before the limit, hard cuts overlap', () => {
  const silences = [{ start: 8, end: 10 }, { start: 18, end: 20 }, { start: 48, end: 50 }];
  const plan = planChunks(60, silences, 25);
  assert.deepEqual(plan.map((c) => [c.start, c.end, c.from]), [[0, 19, 0], [19, 43, 19], [43, 60, 42]]);
  for (const c of plan) assert.ok(c.end - c.from <= 25);
  assert.deepEqual(planChunks(20, silences, 25), [{ index: 0, start: 0, end: 20, from: 0 }]);
});

test('planChunks: every chunk within the limit, the chunks partition the whole', () => {
  for (const duration of [1, 99.5, 601, 7200.25]) {
    const plan = planChunks(duration, [], 600);
    assert.equal(plan[0]!.start, 0);
    assert.equal(plan.at(-1)!.end, duration);
    plan.forEach((c, i) => {
      assert.ok(c.end - c.from <= 600 + 1e-9);
      if (i > 0) assert.equal(c.start, plan[i - 1]!.end);
    });
  }
});

test('parseSilences reads silencedetect lines, an open silence runs to the end', () => {
  const err = '[silencedetect @ 0x1] silence_start: 7.99\n[silencedetect @ 0x1] silence_end: 10.01 | silence_duration: 2.02\n[silencedetect @ 0x1] silence_start: 58';
  assert.deepEqual(parseSilences(err, 60), [{ start: 7.99, end: 10.01 }, { start: 58, end: 60 }]);
});

test('stitch: offsets, overlap kept once, ids renumbered, usage summed', () => {
  const plan = planChunks(20, [], 11, 1);
  assert.equal(plan.length, 2);
  const seg = (start: number, end: number, text: string) => ({ id: 9, start, end, text });
  const out = stitch(
    [
      { plan: plan[1]!, body: { text: 'c d', language: 'english', segments: [seg(0, 1, 'b'), seg(1, 5, 'c'), seg(5, 10, 'd')], usage: { type: 'duration', seconds: 11 } } },
      { plan: plan[0]!, body: { text: 'a b', language: 'english', segments: [seg(0, 5, 'a'), seg(5, 10, 'b')], usage: { type: 'duration', seconds: 10 } } },
    ],
    20,
  );
  assert.equal(out.text, 'a b c d');
  assert.deepEqual(out.segments!.map((s) => [s.id, s.start, s.end]), [[0, 0, 5], [1, 5, 10], [2, 10, 14], [3, 14, 19]]);
  assert.deepEqual(out.usage, { type: 'duration', seconds: 21 });
  assert.equal(out.duration, 20);
});

test('stitch: plain json chunks join their text', () => {
  const plan = planChunks(30, [], 15, 0);
  const out = stitch(plan.map((p, i) => ({ plan: p, body: { text: ` part ${i} ` } })), 30);
  assert.equal(out.text, 'part 0 part 1');
  assert.equal(out.segments, undefined);
});

test('splitText: paragraphs, then sentences, then words; nothing lost, nothing over the limit', () => {
  const para = (n: number) => Array.from({ length: n }, (_, i) => `Sentence ${i} is here.`).join(' ');
  const text = [para(10), para(40), 'x'.repeat(130), para(3)].join('\n\n');
  const parts = splitText(text, 100);
  for (const p of parts) assert.ok(p.length <= 100, `${p.length}: ${p}`);
  assert.equal(parts.join(' ').replace(/\s+/g, ''), text.replace(/\s+/g, ''));
  assert.ok(parts.filter((p) => !/^x+$/.test(p)).every((p) => /\.$/.test(p)), 'cut at sentence ends where it can');
  assert.deepEqual(splitText('short', 100), ['short']);
});

/** An MPEG-1 Layer III frame of 128 kbit/s at 44.1 kHz (417 bytes), optionally a Xing frame. */
function frame(xing: boolean): Buffer {
  const f = Buffer.alloc(417);
  f.set([0xff, 0xfb, 0x90, 0x00]);
  if (xing) f.write('Xing', 4 + 32, 'latin1');
  return f;
}
const id3 = (size: number) => Buffer.concat([Buffer.from([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0, size]), Buffer.alloc(size, 0x20)]);

async function collect(it: AsyncIterable<Buffer>): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const b of it) out.push(b);
  return Buffer.concat(out);
}
async function* pieces(b: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size);
}

test('mp3 parts: the first ID3 kept, later ones dropped, every Xing frame dropped, frames kept whole', async () => {
  const file = Buffer.concat([id3(20), frame(true), frame(false), frame(false)]);
  assert.equal(id3Length(file), 30);
  const f = frameAt(file, 30)!;
  assert.equal(f.length, 417);
  assert.ok(isInfoFrame(file, 30, f));
  const first = await collect(joinPart('mp3', pieces(file, 7), true));
  const later = await collect(joinPart('mp3', pieces(file, 1000), false));
  assert.deepEqual(first, Buffer.concat([id3(20), frame(false), frame(false)]));
  assert.deepEqual(later, Buffer.concat([frame(false), frame(false)]));
});

test('wav parts: one streaming header, later headers dropped', async () => {
  const part = Buffer.concat([wavHeader(8, 24000), Buffer.from([1, 2, 3, 4, 5, 6, 7, 8])]);
  assert.equal(wavDataOffset(part)!.dataAt, 44);
  const first = await collect(joinPart('wav', pieces(part, 5), true));
  const later = await collect(joinPart('wav', pieces(part, 5), false));
  assert.deepEqual(first.subarray(0, 44), streamingWavHeader(part.subarray(0, 44)));
  assert.equal(first.readUInt32LE(4), 0xffffffff);
  assert.equal(first.readUInt32LE(40), 0xffffffff);
  assert.deepEqual(later, Buffer.from([1, 2, 3, 4, 5, 6, 7, 8]));
});
