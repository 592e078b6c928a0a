// A job's result: exactly what the sync route would have answered, as JSON.
// JSON transcripts as they are (with extra_fields); text, srt and vtt as
// {text}; speech audio read whole (capped) and kept as bytes beside the
// record, which names its size and type (GET the job adds the base64).
import type { GatewayContext } from '../../core/kit.js';
import { GatewayError, internalError } from '../../core/kit.js';
import { answerExtraFields } from '../../core/kit.js';
import { JsonPayload } from '../../core/kit.js';
import type { GatewayResult } from '../../core/kit.js';

const resultTooLarge = (limitMb: number): GatewayError =>
  new GatewayError({
    status: 413,
    type: 'invalid_request_error',
    code: 'result_too_large',
    message: `The audio is larger than the ${limitMb} MB an async job may store (async-job max_result_mb); use the sync route, which streams it.`,
  });

// Stored audio is gathered into blocks of this size: the socket's chunks are
// small views onto larger buffers, and keeping them would keep those too.
const BLOCK_BYTES = 1024 * 1024;

/** The audio (capped), copied once into 1 MB blocks as it arrives; stored as those blocks, never joined. */
async function readAudio(audio: AsyncIterable<Buffer> & { destroy(): void }, limitBytes: number, limitMb: number): Promise<{ chunks: Buffer[]; size: number }> {
  const blocks: Buffer[] = [];
  let block = Buffer.allocUnsafe(0);
  let used = 0;
  let size = 0;
  for await (const chunk of audio) {
    size += chunk.length;
    if (size > limitBytes) {
      audio.destroy();
      throw resultTooLarge(limitMb);
    }
    for (let offset = 0; offset < chunk.length; ) {
      if (used === block.length) {
        if (used > 0) blocks.push(block);
        block = Buffer.allocUnsafe(Math.min(BLOCK_BYTES, limitBytes));
        used = 0;
      }
      const copied = chunk.copy(block, used, offset);
      used += copied;
      offset += copied;
    }
  }
  if (used > 0) blocks.push(block.subarray(0, used));
  return { chunks: blocks, size };
}

/** A finished job's result, the bytes it holds, and a speech job's audio (stored apart from the record, as bytes). */
export interface StoredResult {
  result: unknown;
  bytes: number;
  audio?: readonly Buffer[];
}

const sized = (result: unknown, text: string): StoredResult => ({ result, bytes: Buffer.byteLength(text) });

export async function jobResult(ctx: GatewayContext, result: GatewayResult, maxResultMb: number): Promise<StoredResult> {
  switch (result.type) {
    case 'json':
      return sized(result.body, JSON.stringify(result.body));
    case 'transcription': {
      const extra_fields = answerExtraFields(ctx, result);
      // The object the sync route's JSON spells out, without serialising it only to parse it back.
      if (result.body instanceof JsonPayload) return sized({ ...result.body.value, extra_fields }, result.body.toString());
      return sized({ text: result.body, extra_fields }, result.body);
    }
    case 'speech_json':
      return sized({ ...result.body.value, extra_fields: answerExtraFields(ctx, result) }, result.body.toString());
    case 'stream':
      // Async submits refuse streaming before they are queued; a stream here is a bug.
      throw internalError(new Error('an async job produced a stream'));
    case 'speech': {
      const { chunks, size } = await readAudio(result.audio, maxResultMb * 1024 * 1024, maxResultMb);
      return {
        result: { audio_bytes: size, content_type: result.contentType, response_format: result.format, extra_fields: answerExtraFields(ctx, result) },
        bytes: size,
        audio: chunks,
      };
    }
  }
}
