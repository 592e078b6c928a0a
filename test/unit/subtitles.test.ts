import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderSrt, renderText, renderVtt, timestamp } from '../../core/formats/subtitles.js';
import { joinWords, wordsToCues } from '../../core/formats/cues.js';

test('timestamps: hours past 1 and past 99, and millisecond rounding that carries', () => {
  assert.equal(timestamp(0, ','), '00:00:00,000');
  assert.equal(timestamp(3723.456, ','), '01:02:03,456');
  assert.equal(timestamp(59.9996, '.'), '00:01:00.000', 'rounding carries into seconds and minutes');
  assert.equal(timestamp(3599.9995, '.'), '01:00:00.000');
  assert.equal(timestamp(1.0005, ','), '00:00:01,001');
  assert.equal(timestamp(0.0004, ','), '00:00:00,000');
  assert.equal(timestamp(360_000, ','), '100:00:00,000');
  assert.equal(timestamp(-3, ','), '00:00:00,000');
  assert.equal(timestamp(Number.NaN, '.'), '00:00:00.000');
});

test('srt and vtt from segments, blank ones skipped and numbering kept consecutive', () => {
  const t = {
    text: 'Hello there. General Kenobi.',
    segments: [
      { start: 0, end: 1.5, text: ' Hello there.' },
      { start: 1.5, end: 1.6, text: '   ' },
      { start: 1.6, end: 3.25, text: ' General Kenobi.' },
    ],
  };
  assert.equal(renderSrt(t), '1\n00:00:00,000 --> 00:00:01,500\nHello there.\n\n2\n00:00:01,600 --> 00:00:03,250\nGeneral Kenobi.\n\n');
  assert.equal(renderVtt(t), 'WEBVTT\n\n00:00:00.000 --> 00:00:01.500\nHello there.\n\n00:00:01.600 --> 00:00:03.250\nGeneral Kenobi.\n\n');
  assert.equal(renderText(t), 'Hello there. General Kenobi.\n');
});

test('an empty transcript renders valid empty documents', () => {
  const t = { text: '', segments: [], words: [] };
  assert.equal(renderSrt(t), '');
  assert.equal(renderVtt(t), 'WEBVTT\n\n');
  assert.equal(renderText(t), '\n');
});

test('unicode survives; vtt escapes markup and arrows; blank lines inside a cue are removed', () => {
  const t = { text: '', segments: [{ start: 0, end: 2, text: 'Grüße <b>&</b> --> 你好 🎉\n\nnext line' }] };
  assert.equal(renderSrt(t), '1\n00:00:00,000 --> 00:00:02,000\nGrüße <b>&</b> --> 你好 🎉\nnext line\n\n');
  assert.equal(renderVtt(t), 'WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nGrüße &lt;b&gt;&amp;&lt;/b&gt; --&gt; 你好 🎉\nnext line\n\n');
});

test('an end before its start is clamped, not written backwards', () => {
  assert.equal(renderSrt({ text: 'x', segments: [{ start: 5, end: 4, text: 'x' }] }), '1\n00:00:05,000 --> 00:00:05,000\nx\n\n');
});

test('words become cues at sentence ends, pauses, speaker changes and length limits', () => {
  const w = (word: string, start: number, end: number, speaker?: string) => ({ word, start, end, speaker });
  const cues = wordsToCues([
    w('Hello', 0, 0.4),
    w('world.', 0.4, 0.9),
    w('After', 1.0, 1.3),
    w('a', 1.3, 1.4),
    w('pause', 3.0, 3.4),
    w('you', 3.5, 3.7, 'speaker_1'),
    w('speak', 3.7, 4.0, 'speaker_1'),
  ]);
  assert.deepEqual(
    cues.map((c) => [c.text, c.start, c.end, c.speaker]),
    [
      ['Hello world.', 0, 0.9, undefined],
      ['After a', 1.0, 1.4, undefined],
      ['pause', 3.0, 3.4, undefined],
      ['you speak', 3.5, 4.0, 'speaker_1'],
    ],
  );
  const long = Array.from({ length: 40 }, (_, i) => w('word', i * 0.1, i * 0.1 + 0.1));
  assert.ok(wordsToCues(long).every((c) => c.text.length <= 84 && c.end - c.start <= 6));
});

test('srt from words alone, and vtt voices for speakers', () => {
  const t = { text: 'Hi. Bye.', words: [{ word: 'Hi.', start: 0, end: 0.5, speaker: 'A' }, { word: 'Bye.', start: 0.6, end: 1, speaker: 'B' }] };
  assert.equal(renderSrt(t), '1\n00:00:00,000 --> 00:00:00,500\nHi.\n\n2\n00:00:00,600 --> 00:00:01,000\nBye.\n\n');
  assert.equal(renderVtt(t), 'WEBVTT\n\n00:00:00.000 --> 00:00:00.500\n<v A>Hi.\n\n00:00:00.600 --> 00:00:01.000\n<v B>Bye.\n\n');
});

test('words are joined as their script writes them', () => {
  assert.equal(joinWords(['Hello', ',', 'world', '!']), 'Hello, world!');
  assert.equal(joinWords(['你', '好', '世界']), '你好世界');
  assert.equal(joinWords(['"', 'quoted', '"']), '" quoted "');
  assert.equal(joinWords(['(', 'aside', ')']), '(aside)');
  assert.equal(joinWords([' ', 'a', '']), 'a');
});
