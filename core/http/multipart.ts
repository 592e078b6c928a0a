// Reads a multipart/form-data upload with busboy, within limits: the audio
// file is kept as the chunks it arrived in (never concatenated), every byte
// is charged to the shared upload budget, and a file over the size limit is
// refused with 413 the moment it passes the limit, not after reading it all.
import type { IncomingMessage } from 'node:http';
import busboy from 'busboy';
import {
  badRequest,
  clientClosed,
  payloadTooLarge,
  serviceUnavailable,
  unsupportedMediaType,
  type GatewayError,
} from '../errors.js';
import type { AudioFile } from '../types.js';
import type { UploadBudget } from './upload-budget.js';
import type { SpoolArea, SpoolWriter } from '../long-media/spool.js';

export interface MultipartLimits {
  /** The most bytes held in memory; past it the upload is spooled (when `spool` is set) or refused. */
  maxFileBytes: number;
  maxFieldBytes: number;
  maxFields: number;
  /** Long uploads: past maxFileBytes the file goes to disk, up to maxBytes (long_audio.max_upload_mb). */
  spool?: { area: SpoolArea; maxBytes: number };
}

export interface ParsedForm {
  /** Every text field, by name, in the order given (repeats kept). */
  fields: Map<string, string[]>;
  file?: AudioFile;
  /** Bytes charged to the upload budget; the caller gives them back when done. */
  heldBytes: number;
  /** A spooled upload's hold on its file: call when the request ends. */
  release?: () => void;
}

const mb = (bytes: number): string => `${Math.round((bytes / 1024 / 1024) * 100) / 100} MB`;

function checkContentType(contentType: string | undefined): void {
  if (!contentType || !/^multipart\/form-data\b/i.test(contentType)) {
    throw unsupportedMediaType('Send the audio as multipart/form-data: a "file" part with the audio and a "model" field.');
  }
  if (!/;\s*boundary=("?)[^";]+\1/i.test(contentType)) {
    throw badRequest('invalid_multipart', 'The multipart/form-data content type has no boundary parameter.');
  }
}

export function readMultipart(req: IncomingMessage, limits: MultipartLimits, budget: UploadBudget): Promise<ParsedForm> {
  checkContentType(req.headers['content-type']);
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: req.headers,
      defParamCharset: 'utf8',
      // busboy reports the limit when a file reaches it; the gateway's limit is inclusive, so one byte more.
      limits: { fileSize: (limits.spool?.maxBytes ?? limits.maxFileBytes) + 1, fieldSize: limits.maxFieldBytes, fields: limits.maxFields, files: 1, parts: limits.maxFields + 1 },
    });
  } catch (err) {
    throw badRequest('invalid_multipart', `The multipart content type cannot be read: ${(err as Error).message}.`);
  }

  return new Promise<ParsedForm>((resolve, reject) => {
    const fields = new Map<string, string[]>();
    const chunks: Buffer[] = [];
    let held = 0;
    let file: Omit<AudioFile, 'chunks' | 'size'> | undefined;
    let settled = false;
    let spooled: SpoolWriter | undefined;
    let waiting = false; // paused until the spool file drains

    const fail = (err: GatewayError): void => {
      if (settled) return;
      settled = true;
      req.unpipe(parser);
      budget.give(held);
      chunks.length = 0;
      spooled?.discard();
      reject(err);
    };

    /** Writes to the spool file; false (and the upload failed) when the spool area is full. */
    const toDisk = (writer: SpoolWriter, chunk: Buffer, stream: NodeJS.ReadableStream): boolean => {
      const { ok, drain } = writer.write(chunk);
      if (!ok) {
        const area = limits.spool!.area;
        fail(
          writer.size + chunk.length > area.limitBytes
            ? payloadTooLarge(`The file is larger than the ${mb(area.limitBytes)} of disk uploads may use (long_audio.max_spool_gb).`, 'file')
            : serviceUnavailable('spool_full', 'The gateway is spooling as many long uploads to disk as it is configured to (long_audio.max_spool_gb); retry shortly.', 5),
        );
        return false;
      }
      if (drain && !waiting) {
        waiting = true;
        stream.pause();
        writer.onDrain(() => {
          waiting = false;
          stream.resume();
        });
      }
      return true;
    };

    // busboy hands an empty part name (name="") over as undefined.
    const unnamed = () => badRequest('invalid_multipart', 'A part of the form has no name: every part needs name="…" (the audio goes in "file").');

    parser.on('file', (name: string | undefined, stream, info) => {
      // Every part stream is listened to, skipped ones too: when the parser is destroyed mid-part
      // (a truncated body), busboy destroys the current part with the parser's error, and an
      // unlistened stream error would be thrown as an uncaught exception.
      if (name !== 'file') stream.on('error', () => undefined);
      if (!name) {
        stream.resume();
        fail(unnamed());
        return;
      }
      if (name !== 'file') {
        stream.resume();
        fail(badRequest('unexpected_file', `The upload has a file part named "${name}"; the audio goes in the part named "file".`, name));
        return;
      }
      file = { filename: info.filename || 'audio', contentType: info.mimeType || 'application/octet-stream' };
      // A truncated body errors the file stream as well as the parser: both must be listened to.
      stream.on('error', (err: Error) => fail(badRequest('invalid_multipart', `The multipart body is malformed or truncated: ${err.message}.`)));
      stream.on('data', (chunk: Buffer) => {
        if (settled) return;
        if (spooled) {
          toDisk(spooled, chunk, stream);
          return;
        }
        if (limits.spool && held + chunk.length > limits.maxFileBytes) {
          // Past the in-memory limit: what is held goes to a file, and so does the rest.
          spooled = limits.spool.area.open();
          for (const held_ of chunks) if (!toDisk(spooled, held_, stream)) return;
          chunks.length = 0;
          budget.give(held);
          held = 0;
          toDisk(spooled, chunk, stream);
          return;
        }
        if (!budget.tryTake(chunk.length)) {
          fail(serviceUnavailable('upload_budget_exhausted', 'The gateway is holding as much audio as it is configured to; retry shortly.', 2));
          return;
        }
        held += chunk.length;
        chunks.push(chunk);
      });
      stream.on('limit', () =>
        fail(
          limits.spool
            ? payloadTooLarge(`The file is larger than the ${mb(limits.spool.maxBytes)} allowed (long_audio.max_upload_mb).`, 'file')
            : payloadTooLarge(`The file is larger than the ${mb(limits.maxFileBytes)} allowed (server.max_upload_mb).`, 'file'),
        ),
      );
    });
    parser.on('field', (name: string | undefined, value, info) => {
      if (!name) {
        fail(unnamed());
        return;
      }
      if (info.nameTruncated || info.valueTruncated) {
        fail(payloadTooLarge(`The field "${name.slice(0, 64)}" is longer than the ${limits.maxFieldBytes} bytes allowed.`, name.slice(0, 64)));
        return;
      }
      const list = fields.get(name);
      if (list) list.push(value);
      else fields.set(name, [value]);
    });
    parser.on('filesLimit', () => fail(badRequest('too_many_files', 'Send exactly one audio file per request, in the part named "file".', 'file')));
    parser.on('fieldsLimit', () => fail(badRequest('too_many_fields', `The form has more than ${limits.maxFields} fields.`)));
    parser.on('partsLimit', () => fail(badRequest('too_many_fields', `The form has more than ${limits.maxFields + 1} parts.`)));
    parser.on('error', (err: Error) => fail(badRequest('invalid_multipart', `The multipart body is malformed or truncated: ${err.message}.`)));
    parser.on('close', () => {
      if (settled) return;
      if (spooled && file) {
        const writer = spooled;
        const meta = file;
        writer.finish().then(
          ({ audio, release }) => {
            if (settled) return release();
            settled = true;
            resolve({ fields, heldBytes: 0, release, file: { ...meta, chunks: [], size: writer.size, spool: audio } });
          },
          (err: Error) => fail(serviceUnavailable('spool_failed', `The upload could not be written to the spool folder (${err.message}); retry shortly.`, 5)),
        );
        return;
      }
      settled = true;
      const size = held;
      resolve({ fields, heldBytes: held, file: file ? { ...file, chunks, size } : undefined });
    });
    req.on('error', () => fail(clientClosed()));
    req.on('close', () => {
      if (!req.complete) fail(clientClosed());
    });
    req.pipe(parser);
  });
}
