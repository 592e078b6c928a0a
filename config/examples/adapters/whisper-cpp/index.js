// @ts-check
// An adapter for whisper.cpp's HTTP server (examples/server in whisper.cpp),
// which is not OpenAI-compatible: POST {base_url}/inference, multipart, no
// model field (the server has one model loaded), errors as {"error": "..."}.
//
// Load it with:
//   extensions:
//     providers: [./examples/adapters/whisper-cpp]
//   providers:
//     whisper-cpp:
//       base_url: http://127.0.0.1:8081
// and call it as whisper-cpp/<any label>, e.g. whisper-cpp/large-v3.
import { JsonPayload, TRANSCRIPTION_FORMATS, defineAdapter, encodeMultipart, throwProviderError, upstreamBadAnswer, uploadFilename } from 'voxgate/kit';

/** @typedef {import('voxgate/kit').FormPart} FormPart */
/** @typedef {{ base_url: string, inference_path: string }} Settings */

export default defineAdapter({
  id: 'whisper-cpp',
  settings: {
    type: 'object',
    properties: {
      base_url: { type: 'string', default: 'http://127.0.0.1:8080' },
      inference_path: { type: 'string', pattern: '^/', default: '/inference' },
    },
  },
  capabilities: { transcription: { formats: TRANSCRIPTION_FORMATS, streaming: false } },

  /** @param {import('voxgate/kit').TranscriptionRequest} req @param {import('voxgate/kit').ProviderCall<Settings>} call */
  async transcribe(req, call) {
    const settings = call.provider.settings;
    /** @type {FormPart[]} */
    const parts = [{ name: 'response_format', value: req.response_format }];
    if (req.language !== undefined) parts.push({ name: 'language', value: req.language });
    if (req.prompt !== undefined) parts.push({ name: 'prompt', value: req.prompt });
    if (req.temperature !== undefined) parts.push({ name: 'temperature', value: String(req.temperature) });
    // whisper.cpp's own options (beam_size, translate, vad, …) pass through as sent.
    for (const [name, value] of Object.entries(req.extra)) {
      for (const v of Array.isArray(value) ? value : [value]) parts.push({ name, value: v });
    }
    parts.push({ name: 'file', file: req.file, filename: uploadFilename(req.file, req.file_format) });
    const form = encodeMultipart(parts);

    const res = await call.http.send({
      method: 'POST',
      url: settings.base_url.replace(/\/+$/, '') + settings.inference_path,
      headers: { 'content-type': form.contentType, 'content-length': String(form.length) },
      body: form.body(),
      signal: call.signal,
    });
    if (res.status >= 400) {
      return throwProviderError(call, res, (body) => {
        const error = /** @type {{ error?: unknown }} */ (body)?.error;
        return typeof error === 'string' ? { message: `whisper.cpp: ${error}` } : undefined;
      });
    }
    const text = await call.http.readText(res, call.signal);
    // It has no word timestamps in OpenAI's form: say so rather than drop the request silently.
    const ignoredParams = req.timestamp_granularities?.includes('word') ? ['timestamp_granularities'] : undefined;
    if (req.response_format !== 'json' && req.response_format !== 'verbose_json') {
      return { type: 'transcription', format: req.response_format, body: text, ignoredParams };
    }
    try {
      return { type: 'transcription', format: req.response_format, body: JsonPayload.parse(text), ignoredParams };
    } catch {
      throw upstreamBadAnswer(call.provider.name, 'the transcript is not a JSON object');
    }
  },
});
