// A gateway transcription as Gemini's generateContent: a transcription
// instruction and the audio as inlineData (base64, streamed into the JSON
// body, not built in memory), or as fileData once uploaded through the Files
// API when the request would pass Gemini's inline limit. The answer's text
// parts are the transcript.
import { unsupportedByTarget, uploadFilename, type AudioFile, type TranscriptionRequest } from '../../core/kit.js';

/** Gemini takes inline requests up to 20 MB; base64 grows the audio by a third. */
export const INLINE_LIMIT_BYTES = 20 * 1024 * 1024;
/** The Files API's limit per file (the adapter's path past the inline limit). */
export const FILES_API_MAX_BYTES = 2 * 1024 * 1024 * 1024;
export const inlineFits = (file: AudioFile): boolean => Math.ceil(file.size / 3) * 4 + 64 * 1024 <= INLINE_LIMIT_BYTES;

const MIME_BY_EXT: Readonly<Record<string, string>> = {
  wav: 'audio/wav', mp3: 'audio/mp3', mpga: 'audio/mp3', aiff: 'audio/aiff', aac: 'audio/aac', ogg: 'audio/ogg', flac: 'audio/flac', m4a: 'audio/mp4', webm: 'audio/webm', mp4: 'audio/mp4',
};

/** The audio's MIME type as Gemini names it: the upload's own, else from its extension. */
export function audioMime(req: TranscriptionRequest): string {
  const given = req.file.contentType.split(';')[0]!.trim().toLowerCase();
  if (given.startsWith('audio/') && given !== 'audio/mpeg') return given;
  const ext = uploadFilename(req.file, req.file_format).split('.').pop()?.toLowerCase() ?? '';
  return MIME_BY_EXT[ext] ?? (given === 'audio/mpeg' ? 'audio/mp3' : given || 'application/octet-stream');
}

export function instruction(req: TranscriptionRequest): string {
  if (req.task === 'translate') throw unsupportedByTarget('unsupported_by_provider', 'Gemini translation is not offered through this gateway; use a provider with translations (openai, azure, groq).', 'model');
  const lines = ['Transcribe this audio verbatim. Answer with the transcript only: no preamble, no timestamps, no speaker labels.'];
  if (req.language) lines.push(`The audio is in the language with code "${req.language}".`);
  if (req.prompt) lines.push(`Context (spellings, names): ${req.prompt}`);
  return lines.join('\n');
}

function generationConfig(req: TranscriptionRequest): Record<string, unknown> {
  return req.temperature !== undefined ? { temperature: req.temperature } : {};
}

/** The JSON body with the audio as inlineData, streamed: base64 of each chunk, carrying the 0–2 bytes that do not fill a group. */
export function inlineBody(req: TranscriptionRequest): { length: number; body: () => AsyncGenerator<Buffer> } {
  const marker = '\u0000AUDIO\u0000';
  const json = JSON.stringify({
    contents: [{ role: 'user', parts: [{ text: instruction(req) }, { inlineData: { mimeType: audioMime(req), data: marker } }] }],
    generationConfig: generationConfig(req),
  });
  const [before, after] = json.split(JSON.stringify(marker).slice(1, -1)) as [string, string];
  const head = Buffer.from(before, 'utf8');
  const tail = Buffer.from(after, 'utf8');
  const length = head.length + Math.ceil(req.file.size / 3) * 4 + tail.length;
  async function* body(): AsyncGenerator<Buffer> {
    yield head;
    let carry = Buffer.alloc(0);
    for (const chunk of req.file.chunks) {
      let rest = chunk;
      if (carry.length > 0) {
        // Complete the held-back group with the chunk's first bytes (a few bytes copied, never the chunk).
        const need = 3 - carry.length;
        carry = Buffer.concat([carry, rest.subarray(0, need)]);
        rest = rest.subarray(need);
        if (carry.length < 3) continue;
        yield Buffer.from(carry.toString('base64'), 'latin1');
        carry = Buffer.alloc(0);
      }
      const whole = rest.length - (rest.length % 3);
      if (whole > 0) yield Buffer.from(rest.subarray(0, whole).toString('base64'), 'latin1');
      carry = Buffer.from(rest.subarray(whole));
    }
    if (carry.length > 0) yield Buffer.from(carry.toString('base64'), 'latin1');
    yield tail;
  }
  return { length, body };
}

/** The body that points at an uploaded file instead. */
export function fileBody(req: TranscriptionRequest, fileUri: string): string {
  return JSON.stringify({
    contents: [{ role: 'user', parts: [{ text: instruction(req) }, { fileData: { mimeType: audioMime(req), fileUri } }] }],
    generationConfig: generationConfig(req),
  });
}

/** The transcript: every text part of the first candidate. */
export function transcriptText(body: Record<string, unknown>): string | undefined {
  const candidates = body.candidates as Array<{ content?: { parts?: Array<{ text?: unknown }> } }> | undefined;
  const parts = candidates?.[0]?.content?.parts;
  if (!Array.isArray(parts)) return undefined;
  const texts = parts.map((p) => p.text).filter((t): t is string => typeof t === 'string');
  return texts.length > 0 ? texts.join('').trim() : undefined;
}
