// A job's result: exactly what the sync route would have answered, as JSON.
// JSON transcripts as they are (with extra_fields); text, srt and vtt as
// {text}; speech audio read whole (capped) and kept as bytes beside the
// record, which names its size and type (GET the job adds the base64).
import type { GatewayContext } from '../../core/context.js';
import { GatewayError, internalError } from '../../core/errors.js';
import { answerExtraFields } from '../../core/http/respond.js';
import { JsonPayload } from '../../core/json-payload.js';
import type { GatewayResult } from '../../core/types.js';

const resultTooLarge = (limitMb: number): GatewayError =>
  new GatewayError({
    status: 413,
    type: 'invalid_request_error',
    code: 'result_too_large',
    message: `The audio is larger than the ${limitMb} MB an async job may store (async-job max_result_mb); use the sync route, which streams it.`,
  });

async function readAudio(audio: AsyncIterable<Buffer> & { destroy(): void }, limitBytes: number, limitMb: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of audio) {
    size += chunk.length;
    if (size > limitBytes) {
      audio.destroy();
      throw resultTooLarge(limitMb);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

/** A finished job's result, the bytes it holds, and a speech job's audio (stored apart from the record, as bytes). */
export interface StoredResult {
  result: unknown;
  bytes: number;
  audio?: Buffer;
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
      const audio = await readAudio(result.audio, maxResultMb * 1024 * 1024, maxResultMb);
      return {
        result: { audio_bytes: audio.length, content_type: result.contentType, response_format: result.format, extra_fields: answerExtraFields(ctx, result) },
        bytes: audio.length,
        audio,
      };
    }
  }
}
