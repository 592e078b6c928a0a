// A fake whisper.cpp server (examples/server/server.cpp): POST /inference,
// multipart, WAV only, errors as {"error": "..."}, and its content types
// (text/html for text, application/x-subrip for srt, text/vtt for vtt).
import type { ServerResponse } from 'node:http';
import { FakeServer, sendJson, type Recorded } from './fake-server.js';

export class FakeWhisperCpp extends FakeServer {
  transcript = ' And so my fellow Americans, ask not.';

  static async start(): Promise<FakeWhisperCpp> {
    return new FakeWhisperCpp().listen();
  }

  protected async route(rec: Recorded, res: ServerResponse): Promise<void> {
    if (rec.method !== 'POST' || rec.path !== '/inference') return sendJson(res, 404, { error: 'not found' });
    const file = rec.files.find((f) => f.field === 'file');
    if (!file) return sendJson(res, 400, { error: "no 'file' field in the request" });
    if (file.bytes.subarray(0, 4).toString('latin1') !== 'RIFF') return sendJson(res, 400, { error: 'failed to read audio data' });
    const text = this.transcript;
    const send = (type: string, body: string) => {
      res.writeHead(200, { 'content-type': type });
      res.end(body);
    };
    switch (rec.fields.response_format?.[0] ?? 'json') {
      case 'text':
        return send('text/html; charset=utf-8', `${text.trim()}\n`);
      case 'srt':
        return send('application/x-subrip', `1\n00:00:00,000 --> 00:00:02,000\n${text}\n\n`);
      case 'vtt':
        return send('text/vtt', `WEBVTT\n\n00:00:00.000 --> 00:00:02.000\n${text}\n\n`);
      case 'verbose_json':
        return sendJson(res, 200, {
          task: 'transcribe',
          language: 'english',
          duration: 2,
          text,
          segments: [{ id: 0, text, start: 0, end: 2, tokens: [], words: [], temperature: 0, avg_logprob: -0.2, no_speech_prob: 0.01 }],
        });
      default:
        return sendJson(res, 200, { text });
    }
  }
}
