// Joins the audio of consecutive speech chunks into one valid stream of the
// asked format: mp3 frames with the later ID3 tags and every Xing/Info frame
// dropped (they would give the first chunk's length as the whole's), wav
// with one streaming header (length unknown, 0xFFFFFFFF), raw pcm as is, aac
// ADTS frames as they come. Each chunk's audio is read as it arrives.
import { frameAt, id3Length, isInfoFrame } from './mp3.js';

export type JoinableFormat = 'mp3' | 'wav' | 'pcm' | 'aac';
export const JOINABLE: readonly JoinableFormat[] = ['mp3', 'aac', 'wav', 'pcm'];

/** The chunk's bytes until `enough` can decide, then the decision's output and the rest as is. */
async function* withHead(
  audio: AsyncIterable<Buffer>,
  decide: (head: Buffer, final: boolean) => { skip: number; prefix?: Buffer } | undefined,
): AsyncGenerator<Buffer> {
  let head: Buffer | undefined = Buffer.alloc(0);
  for await (const chunk of audio) {
    if (!head) {
      yield chunk;
      continue;
    }
    head = Buffer.concat([head, chunk]);
    const d = decide(head, false);
    if (!d) continue;
    if (d.prefix) yield d.prefix;
    if (d.skip < head.length) yield head.subarray(d.skip);
    head = undefined;
  }
  if (head && head.length > 0) {
    const d = decide(head, true) ?? { skip: 0 };
    if (d.prefix) yield d.prefix;
    if (d.skip < head.length) yield head.subarray(d.skip);
  }
}

/** mp3: keep the first chunk's ID3 tag, drop the later ones; drop a leading Xing/Info frame always. */
function mp3Head(keepId3: boolean) {
  return (head: Buffer, final: boolean): { skip: number; prefix?: Buffer } | undefined => {
    const tag = id3Length(head);
    if (tag === undefined) return final ? { skip: 0 } : undefined;
    if (head.length < tag + 4 + 40) return final ? { skip: keepId3 ? 0 : Math.min(tag, head.length) } : undefined;
    const frame = frameAt(head, tag);
    const infoBytes = frame && isInfoFrame(head, tag, frame) ? frame.length : 0;
    if (head.length < tag + infoBytes && !final) return undefined;
    const prefix = keepId3 && tag > 0 ? head.subarray(0, tag) : undefined;
    return { skip: tag + infoBytes, prefix };
  };
}

/** The offset of the data chunk's bytes, and the header up to it, once the head holds it. */
export function wavDataOffset(head: Buffer): { header: Buffer; dataAt: number } | undefined {
  if (head.length < 12) return undefined;
  if (head.subarray(0, 4).toString('latin1') !== 'RIFF' || head.subarray(8, 12).toString('latin1') !== 'WAVE') return { header: Buffer.alloc(0), dataAt: 0 };
  let at = 12;
  while (at + 8 <= head.length) {
    const id = head.subarray(at, at + 4).toString('latin1');
    const size = head.readUInt32LE(at + 4);
    if (id === 'data') return { header: head.subarray(0, at + 8), dataAt: at + 8 };
    at += 8 + size + (size % 2);
  }
  return undefined;
}

/** A copy of the first chunk's header with the RIFF and data lengths unknown (0xFFFFFFFF), as streamed wav is. */
export function streamingWavHeader(header: Buffer): Buffer {
  const out = Buffer.from(header);
  if (out.length >= 12) out.writeUInt32LE(0xffffffff, 4);
  if (out.length >= 8) out.writeUInt32LE(0xffffffff, out.length - 4);
  return out;
}

function wavHead(first: boolean) {
  return (head: Buffer, final: boolean): { skip: number; prefix?: Buffer } | undefined => {
    const found = wavDataOffset(head);
    if (!found) return final ? { skip: 0 } : undefined;
    if (found.dataAt === 0) return { skip: 0 }; // headerless: raw samples
    return { skip: found.dataAt, prefix: first ? streamingWavHeader(found.header) : undefined };
  };
}

/** One chunk's audio, as it goes into the joined stream. */
export function joinPart(format: JoinableFormat, audio: AsyncIterable<Buffer>, first: boolean): AsyncIterable<Buffer> {
  switch (format) {
    case 'mp3':
      return withHead(audio, mp3Head(first));
    case 'wav':
      return withHead(audio, wavHead(first));
    case 'aac':
      return withHead(audio, (head, final) => {
        const tag = id3Length(head);
        if (tag === undefined) return final ? { skip: 0 } : undefined;
        return { skip: first ? 0 : tag };
      });
    case 'pcm':
      return audio;
  }
}
