// Audio format facts every adapter needs: the content type of each speech
// format, and a file name upstreams can read the container from.
import path from 'node:path';
import type { AudioFile, SpeechFormat } from './types.js';

export const SPEECH_CONTENT_TYPES: Readonly<Record<SpeechFormat, string>> = {
  mp3: 'audio/mpeg',
  opus: 'audio/ogg',
  aac: 'audio/aac',
  flac: 'audio/flac',
  wav: 'audio/wav',
  pcm: 'audio/pcm',
};

/** The upstream's own audio content type when it sent one, else the format's usual type. */
export const speechContentType = (upstreamType: string | undefined, format: SpeechFormat): string =>
  upstreamType?.startsWith('audio/') ? upstreamType : SPEECH_CONTENT_TYPES[format];

const EXTENSION_BY_TYPE: Readonly<Record<string, string>> = {
  'audio/mpeg': 'mp3',
  'audio/mp3': 'mp3',
  'audio/mp4': 'm4a',
  'audio/m4a': 'm4a',
  'audio/x-m4a': 'm4a',
  'audio/wav': 'wav',
  'audio/x-wav': 'wav',
  'audio/wave': 'wav',
  'audio/webm': 'webm',
  'audio/ogg': 'ogg',
  'audio/flac': 'flac',
  'audio/x-flac': 'flac',
  'video/mp4': 'mp4',
  'video/webm': 'webm',
  'audio/mpga': 'mpga',
};

/**
 * Vendors read the container from the file name's extension. Use the client's
 * name when it has one, else `file_format`, else the part's content type.
 */
export function uploadFilename(file: AudioFile, fileFormat?: string): string {
  const base = path.basename(file.filename || 'audio');
  const ext = path.extname(base).slice(1);
  if (fileFormat) return ext.toLowerCase() === fileFormat.toLowerCase() ? base : `${ext ? base.slice(0, -ext.length - 1) : base}.${fileFormat}`;
  if (ext) return base;
  const guessed = EXTENSION_BY_TYPE[file.contentType.split(';')[0]!.trim().toLowerCase()];
  return guessed ? `${base}.${guessed}` : base;
}
