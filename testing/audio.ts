// Deterministic fake audio: the right magic bytes for each format, then a
// repeatable pattern, so tests can compare what arrives byte for byte.
import { createHash } from 'node:crypto';

const MAGIC: Record<string, Buffer> = {
  mp3: Buffer.from('ID3\x04\x00\x00\x00\x00\x00\x00', 'latin1'),
  opus: Buffer.from('OggS\x00\x02', 'latin1'),
  aac: Buffer.from([0xff, 0xf1, 0x50, 0x80]),
  flac: Buffer.from('fLaC', 'latin1'),
  wav: Buffer.from('RIFF\x00\x00\x00\x00WAVEfmt ', 'latin1'),
  pcm: Buffer.alloc(0),
};

export function fakeAudio(format: string, size: number, seed = 7): Buffer {
  const out = Buffer.alloc(size);
  for (let i = 0; i < size; i++) out[i] = (i * 31 + seed) & 0xff;
  (MAGIC[format] ?? Buffer.alloc(0)).copy(out, 0);
  return out;
}

export const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
