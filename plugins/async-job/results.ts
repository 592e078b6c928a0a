// A job's result: exactly what the sync route would have answered, as JSON.
// JSON transcripts as they are (with extra_fields); text, srt and vtt as
// {text}; speech audio read whole (capped) and base64-encoded with its type.
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

export async function jobResult(ctx: GatewayContext, result: GatewayResult, maxResultMb: number): Promise<unknown> {
  switch (result.type) {
    case 'json':
      return result.body;
    case 'transcription': {
      const extra_fields = answerExtraFields(ctx, result);
      // The object the sync route's JSON spells out, without serialising it only to parse it back.
      if (result.body instanceof JsonPayload) return { ...result.body.value, extra_fields };
      return { text: result.body, extra_fields };
    }
    case 'speech_json':
      return { ...result.body.value, extra_fields: answerExtraFields(ctx, result) };
    case 'stream':
      // Async submits refuse streaming before they are queued; a stream here is a bug.
      throw internalError(new Error('an async job produced a stream'));
    case 'speech': {
      const audio = await readAudio(result.audio, maxResultMb * 1024 * 1024, maxResultMb);
      return { audio: audio.toString('base64'), content_type: result.contentType, response_format: result.format, extra_fields: answerExtraFields(ctx, result) };
    }
  }
}
