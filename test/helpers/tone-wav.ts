// Long test recordings made by code: 16-bit mono 48 kHz PCM WAV of tones separated
// by silences (8 s of tone, 2 s of silence), of a given size, as one buffer
// or as a stream of blocks (for uploads too large to hold).

export const WAV_RATE = 48_000;
const TONE_S = 8;
const GAP_S = 2;

export function wavHeader(dataBytes: number, rate = WAV_RATE): Buffer {
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'latin1');
  h.writeUInt32LE(36 + dataBytes, 4);
  h.write('WAVEfmt ', 8, 'latin1');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20); // PCM
  h.writeUInt16LE(1, 22); // mono
  h.writeUInt32LE(rate, 24);
  h.writeUInt32LE(rate * 2, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'latin1');
  h.writeUInt32LE(dataBytes, 40);
  return h;
}

/** Samples [from, from + count) of the tone/silence pattern. */
function samples(from: number, count: number, rate: number): Buffer {
  const out = Buffer.alloc(count * 2);
  const period = (TONE_S + GAP_S) * rate;
  for (let i = 0; i < count; i++) {
    const n = from + i;
    const inTone = n % period < TONE_S * rate;
    const v = inTone ? Math.round(Math.sin((2 * Math.PI * 440 * n) / rate) * 9000) : 0;
    out.writeInt16LE(v, i * 2);
  }
  return out;
}

/** A WAV file of `totalBytes` (rounded down to whole samples). */
export function toneWav(totalBytes: number, rate = WAV_RATE): { bytes: Buffer; seconds: number } {
  const count = Math.floor((totalBytes - 44) / 2);
  return { bytes: Buffer.concat([wavHeader(count * 2, rate), samples(0, count, rate)]), seconds: count / rate };
}

/** The same file as 1 MB blocks, made as they are read. */
export function* toneWavBlocks(totalBytes: number, rate = WAV_RATE): Generator<Buffer> {
  const count = Math.floor((totalBytes - 44) / 2);
  yield wavHeader(count * 2, rate);
  const block = 512 * 1024;
  for (let at = 0; at < count; at += block) yield samples(at, Math.min(block, count - at), rate);
}
