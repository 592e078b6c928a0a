// A fake Gemini API, written from Google's reference for models.generateContent
// and the speech-generation guide: TTS models answer responseModalities
// ["AUDIO"] with one inlineData part (base64 24 kHz 16-bit mono PCM, mimeType
// audio/L16;codec=pcm;rate=24000), voiced by a prebuiltVoiceConfig or a
// two-speaker multiSpeakerVoiceConfig; other models transcribe an audio
// part (inlineData, or fileData from the resumable Files API upload); the
// x-goog-api-key check and {"error": {"code", "message", "status"}} refusals.
import type { ServerResponse } from 'node:http';
import { fakeAudio } from './audio.js';
import { FakeServer, sendChunked, sendJson, type Recorded } from './fake-server.js';

export const geminiError = (code: number, message: string, status: string) => ({ error: { code, message, status } });

const VOICES = new Set(['Zephyr', 'Puck', 'Charon', 'Kore', 'Fenrir', 'Leda', 'Orus', 'Aoede', 'Callirrhoe', 'Autonoe', 'Enceladus', 'Iapetus', 'Umbriel', 'Algieba', 'Despina', 'Erinome', 'Algenib', 'Rasalgethi', 'Laomedeia', 'Achernar', 'Alnilam', 'Schedar', 'Gacrux', 'Pulcherrima', 'Achird', 'Zubenelgenubi', 'Vindemiatrix', 'Sadachbia', 'Sadaltager', 'Sulafat']);

type Json = Record<string, unknown>;
type Part = { text?: string; inlineData?: { mimeType?: string; data?: string }; fileData?: { mimeType?: string; fileUri?: string } };

export class FakeGemini extends FakeServer {
  transcript = 'Hello there. How are you today?';
  /** PCM bytes in each speech answer (an even count: 16-bit samples). */
  speechBytes = 48_000;
  /** The audio the last transcription carried, decoded. */
  lastAudio?: Buffer;
  readonly uploads = new Map<string, { bytes: Buffer; mimeType: string }>();
  readonly apiKey?: string;

  constructor(options: { apiKey?: string } = {}) {
    super();
    this.apiKey = options.apiKey;
  }

  static async start(options: { apiKey?: string } = {}): Promise<FakeGemini> {
    return new FakeGemini(options).listen();
  }

  protected async route(rec: Recorded, res: ServerResponse): Promise<void> {
    if (this.apiKey !== undefined && rec.headers['x-goog-api-key'] !== this.apiKey) {
      return sendJson(res, 400, geminiError(400, 'API key not valid. Please pass a valid API key.', 'INVALID_ARGUMENT'));
    }
    if (rec.method === 'POST' && rec.path === '/upload/v1beta/files') return this.upload(rec, res);
    const generate = /^\/v1beta\/models\/([^/:]+):generateContent$/.exec(rec.path);
    if (rec.method !== 'POST' || !generate) return sendJson(res, 404, geminiError(404, `${rec.path} not found`, 'NOT_FOUND'));
    const body = rec.json as Json | undefined;
    const parts = ((body?.contents as Array<{ parts?: Part[] }> | undefined)?.[0]?.parts ?? []) as Part[];
    if (parts.length === 0) return sendJson(res, 400, geminiError(400, '* GenerateContentRequest.contents: contents is not specified', 'INVALID_ARGUMENT'));
    const model = decodeURIComponent(generate[1]!);
    return model.endsWith('-tts') ? this.speak(body!, parts, res) : this.transcribe(parts, res);
  }

  private async speak(body: Json, parts: Part[], res: ServerResponse): Promise<void> {
    const bad = (message: string) => sendJson(res, 400, geminiError(400, message, 'INVALID_ARGUMENT'));
    const config = body.generationConfig as { responseModalities?: string[]; speechConfig?: Json } | undefined;
    if (JSON.stringify(config?.responseModalities) !== '["AUDIO"]') return bad('The requested combination of response modalities is not supported by the model: TEXT.');
    const speech = config?.speechConfig ?? {};
    const single = (speech.voiceConfig as { prebuiltVoiceConfig?: { voiceName?: string } } | undefined)?.prebuiltVoiceConfig?.voiceName;
    const multi = (speech.multiSpeakerVoiceConfig as { speakerVoiceConfigs?: Array<{ speaker?: string; voiceConfig?: { prebuiltVoiceConfig?: { voiceName?: string } } }> } | undefined)?.speakerVoiceConfigs;
    if ((single === undefined) === (multi === undefined)) return bad('speech_config: exactly one of voice_config and multi_speaker_voice_config must be set.');
    if (multi && multi.length !== 2) return bad('multi_speaker_voice_config: the number of enabled speakers must be 2.');
    const names = single !== undefined ? [single] : multi!.map((s) => s.voiceConfig?.prebuiltVoiceConfig?.voiceName);
    const unknown = names.find((n) => !n || !VOICES.has(n));
    if (unknown !== undefined) return bad(`Voice name ${unknown} is not supported.`);
    if (typeof parts[0]?.text !== 'string') return bad('Model tts does not support non-text input.');
    const answer = {
      candidates: [{ content: { role: 'model', parts: [{ inlineData: { mimeType: 'audio/L16;codec=pcm;rate=24000', data: fakeAudio('pcm', this.speechBytes).toString('base64') } }] }, finishReason: 'STOP', index: 0 }],
      usageMetadata: { promptTokenCount: 9, candidatesTokenCount: 300, totalTokenCount: 309 },
      modelVersion: 'gemini-2.5-flash-preview-tts',
      responseId: 'fake-response-id',
    };
    // Sent in pieces, as a real answer of this size arrives.
    await sendChunked(res, 200, 'application/json; charset=UTF-8', Buffer.from(JSON.stringify(answer)), this.chunkDelayMs, 4096);
  }

  private transcribe(parts: Part[], res: ServerResponse): void {
    const audio = parts.find((p) => p.inlineData || p.fileData);
    if (!audio) return sendJson(res, 400, geminiError(400, 'The request has no audio part.', 'INVALID_ARGUMENT'));
    if (audio.inlineData) {
      const data = audio.inlineData.data ?? '';
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(data)) return sendJson(res, 400, geminiError(400, "Invalid value at 'contents[0].parts[1].inline_data.data' (TYPE_BYTES), Base64 decoding failed", 'INVALID_ARGUMENT'));
      this.lastAudio = Buffer.from(data, 'base64');
    } else {
      const upload = this.uploads.get(audio.fileData?.fileUri ?? '');
      if (!upload) return sendJson(res, 403, geminiError(403, 'You do not have permission to access the File or it may not exist.', 'PERMISSION_DENIED'));
      this.lastAudio = upload.bytes;
    }
    sendJson(res, 200, {
      candidates: [{ content: { role: 'model', parts: [{ text: this.transcript }] }, finishReason: 'STOP', index: 0 }],
      usageMetadata: { promptTokenCount: 200, candidatesTokenCount: 9, totalTokenCount: 209 },
      modelVersion: 'gemini-2.5-flash',
    });
  }

  private upload(rec: Recorded, res: ServerResponse): void {
    const command = rec.headers['x-goog-upload-command'];
    if (command === 'start') {
      if (rec.headers['x-goog-upload-protocol'] !== 'resumable') return sendJson(res, 400, geminiError(400, 'Upload protocol must be resumable.', 'INVALID_ARGUMENT'));
      const id = `u${this.uploads.size + 1}`;
      res.writeHead(200, { 'x-goog-upload-url': `${this.origin}/upload/v1beta/files?upload_id=${id}&upload_protocol=resumable`, 'x-goog-upload-status': 'active', 'content-length': '0' });
      this.pendingTypes.set(id, String(rec.headers['x-goog-upload-header-content-type'] ?? 'application/octet-stream'));
      return void res.end();
    }
    const id = rec.query.upload_id ?? '';
    if (command !== 'upload, finalize' || rec.headers['x-goog-upload-offset'] !== '0' || !this.pendingTypes.has(id)) {
      return sendJson(res, 400, geminiError(400, 'Bad upload request.', 'INVALID_ARGUMENT'));
    }
    const uri = `${this.origin}/v1beta/files/${id}`;
    const mimeType = this.pendingTypes.get(id)!;
    this.uploads.set(uri, { bytes: rec.raw, mimeType });
    sendJson(res, 200, { file: { name: `files/${id}`, mimeType, sizeBytes: String(rec.raw.length), uri, state: 'ACTIVE' } });
  }

  private readonly pendingTypes = new Map<string, string>();
}
