// Just enough MPEG audio to join files: the length of a leading ID3v2 tag,
// and whether the first frame is a Xing/Info (or VBRI) header frame, which
// describes one file's length and must not survive into a joined stream.

const BITRATES_V1_L3 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const BITRATES_V2_L3 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
const RATES: Record<number, number[]> = { 3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000] };

/** Bytes of the ID3v2 tag at the start of `b` (0 if none); undefined while too short to tell. */
export function id3Length(b: Buffer): number | undefined {
  if (b.length < 10) return b.length >= 3 && b.subarray(0, 3).toString('latin1') !== 'ID3' ? 0 : undefined;
  if (b.subarray(0, 3).toString('latin1') !== 'ID3') return 0;
  const size = ((b[6]! & 0x7f) << 21) | ((b[7]! & 0x7f) << 14) | ((b[8]! & 0x7f) << 7) | (b[9]! & 0x7f);
  const footer = (b[5]! & 0x10) !== 0 ? 10 : 0;
  return 10 + size + footer;
}

export interface FrameHeader {
  /** Bytes of the whole frame. */
  length: number;
  /** Where a Xing/Info tag would start, from the frame's start. */
  xingOffset: number;
}

/** The MPEG-1/2/2.5 Layer III frame header at `at`, if one is there. */
export function frameAt(b: Buffer, at: number): FrameHeader | undefined {
  if (at + 4 > b.length || b[at] !== 0xff || (b[at + 1]! & 0xe0) !== 0xe0) return undefined;
  const version = (b[at + 1]! >> 3) & 3; // 3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5
  const layer = (b[at + 1]! >> 1) & 3; // 1: Layer III
  if (version === 1 || layer !== 1) return undefined;
  const bitrateIndex = b[at + 2]! >> 4;
  const rateIndex = (b[at + 2]! >> 2) & 3;
  if (bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3) return undefined;
  const padding = (b[at + 2]! >> 1) & 1;
  const mono = b[at + 3]! >> 6 === 3;
  const kbps = (version === 3 ? BITRATES_V1_L3 : BITRATES_V2_L3)[bitrateIndex]!;
  const rate = RATES[version]![rateIndex]!;
  const length = Math.floor(((version === 3 ? 144 : 72) * kbps * 1000) / rate) + padding;
  const side = version === 3 ? (mono ? 17 : 32) : mono ? 9 : 17;
  return { length, xingOffset: 4 + side };
}

/** True when the frame at `at` carries a Xing, Info or VBRI header instead of audio. */
export function isInfoFrame(b: Buffer, at: number, frame: FrameHeader): boolean {
  const tag = (o: number) => b.subarray(at + o, at + o + 4).toString('latin1');
  return tag(frame.xingOffset) === 'Xing' || tag(frame.xingOffset) === 'Info' || tag(4 + 32) === 'VBRI';
}
