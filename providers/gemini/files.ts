// Gemini's Files API, for audio past the inline limit: a resumable upload
// (start, then upload-and-finalize in one request) that answers the file's
// uri, which generateContent then names as fileData.
import { headerValue, throwProviderError, upstreamBadAnswer, type AudioFile, type ProviderCall } from '../../core/kit.js';
import { geminiErrorDetail } from './errors.js';

async function* chunksOf(file: AudioFile): AsyncGenerator<Buffer> {
  yield* file.chunks;
}

export async function uploadFile(call: ProviderCall, base: string, file: AudioFile, mimeType: string): Promise<string> {
  const auth: Record<string, string> = call.key.value ? { 'x-goog-api-key': call.key.value } : {};
  const start = await call.http.send({
    method: 'POST',
    url: `${base}/upload/v1beta/files`,
    headers: {
      ...auth,
      'content-type': 'application/json',
      'x-goog-upload-protocol': 'resumable',
      'x-goog-upload-command': 'start',
      'x-goog-upload-header-content-length': String(file.size),
      'x-goog-upload-header-content-type': mimeType,
    },
    body: JSON.stringify({ file: { display_name: file.filename || 'audio' } }),
    signal: call.signal,
  });
  if (start.status >= 400) return throwProviderError(call, start, geminiErrorDetail);
  await call.http.readText(start, call.signal);
  const uploadUrl = headerValue(start.headers, 'x-goog-upload-url');
  if (!uploadUrl) throw upstreamBadAnswer(call.provider.name, 'the upload start has no x-goog-upload-url');
  const done = await call.http.send({
    method: 'POST',
    url: uploadUrl,
    headers: { ...auth, 'content-length': String(file.size), 'x-goog-upload-offset': '0', 'x-goog-upload-command': 'upload, finalize' },
    body: chunksOf(file),
    signal: call.signal,
  });
  if (done.status >= 400) return throwProviderError(call, done, geminiErrorDetail);
  let uri: unknown;
  try {
    uri = (JSON.parse(await call.http.readText(done, call.signal)) as { file?: { uri?: unknown } }).file?.uri;
  } catch {
    uri = undefined;
  }
  if (typeof uri !== 'string') throw upstreamBadAnswer(call.provider.name, 'the uploaded file has no uri');
  return uri;
}
