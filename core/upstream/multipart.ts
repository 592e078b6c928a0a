// Builds a multipart/form-data body for upstream calls without copying the
// audio: the body is a sequence of small header buffers around the file's own
// chunks, and can be replayed for every retry or fallback.
import { randomBytes } from 'node:crypto';
import type { AudioFile } from '../types.js';

export type FormPart = { name: string; value: string } | { name: string; file: AudioFile; filename?: string };

export interface EncodedForm {
  contentType: string;
  length: number;
  /** A fresh iterable each call: the same buffers, walked again. */
  body(): AsyncIterable<Buffer>;
}

const CRLF = Buffer.from('\r\n');

// Random per process, unique per body: no entropy to draw on every request.
const BOUNDARY_PREFIX = `----voxgate${randomBytes(9).toString('hex')}`;
let boundaries = 0;

// As browsers do: quotes and line breaks in names are percent-encoded.
const escapeName = (s: string): string => s.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');

export function encodeMultipart(parts: readonly FormPart[]): EncodedForm {
  const boundary = `${BOUNDARY_PREFIX}${(boundaries++).toString(36)}`;
  const pieces: Buffer[] = [];
  for (const part of parts) {
    if ('file' in part) {
      const filename = escapeName(part.filename ?? part.file.filename);
      pieces.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${escapeName(part.name)}"; filename="${filename}"\r\n` +
            `Content-Type: ${part.file.contentType}\r\n\r\n`,
        ),
        ...part.file.chunks,
        CRLF,
      );
    } else {
      pieces.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${escapeName(part.name)}"\r\n\r\n${part.value}\r\n`));
    }
  }
  pieces.push(Buffer.from(`--${boundary}--\r\n`));
  const length = pieces.reduce((n, b) => n + b.length, 0);
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    length,
    async *body() {
      yield* pieces;
    },
  };
}
