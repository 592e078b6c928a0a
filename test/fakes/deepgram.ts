// A fake Deepgram API, written from Deepgram's API reference: pre-recorded
// POST /v1/listen (raw audio body, options in the query; words with
// punctuated_word, speaker when diarize=true, utterances when asked) and
// POST /v1/speak (model, encoding, container, sample_rate, bit_rate checked
// as the reference states; {"text"} at most 2,000 characters), the
// `Authorization: Token <key>` check, and {"err_code", "err_msg"} refusals.
import type { ServerResponse } from 'node:http';
import { fakeAudio } from './audio.js';
import { FakeServer, sendChunked, sendJson, type Recorded } from './fake-server.js';

export const deepgramError = (code: string, message: string) => ({ err_code: code, err_msg: message, request_id: 'b7f0c1de-0000-4000-8000-fa4e0000dead' });

const LISTEN_MODELS = new Set(['nova-3', 'nova-2', 'nova', 'enhanced', 'base', 'whisper-large', 'whisper-medium']);
const BOOLEANS = new Set(['true', 'false']);

/** Per the reference: which container, sample rates and bit rate each encoding allows. */
const ENCODINGS: Record<string, { containers: string[]; rates?: string[]; bitRate: boolean; type: string; codec: string }> = {
  linear16: { containers: ['none', 'wav'], rates: ['8000', '16000', '24000', '32000', '48000'], bitRate: false, type: 'audio/l16', codec: 'pcm' },
  mulaw: { containers: ['none', 'wav'], rates: ['8000', '16000'], bitRate: false, type: 'audio/basic', codec: 'pcm' },
  alaw: { containers: ['none', 'wav'], rates: ['8000', '16000'], bitRate: false, type: 'audio/alaw', codec: 'pcm' },
  mp3: { containers: [], bitRate: true, type: 'audio/mpeg', codec: 'mp3' },
  opus: { containers: ['ogg'], bitRate: true, type: 'audio/ogg', codec: 'opus' },
  flac: { containers: [], rates: ['8000', '16000', '22050', '32000', '48000'], bitRate: false, type: 'audio/flac', codec: 'flac' },
  aac: { containers: [], bitRate: true, type: 'audio/aac', codec: 'aac' },
};

export interface FakeDeepgramOptions {
  apiKey?: string;
}

export class FakeDeepgram extends FakeServer {
  /** What the fake hears; each sentence is a new speaker when diarizing. */
  transcript = 'Hello there. How are you today?';
  speechBytes = 32 * 1024;
  readonly apiKey?: string;

  constructor(options: FakeDeepgramOptions = {}) {
    super();
    this.apiKey = options.apiKey;
  }

  static async start(options: FakeDeepgramOptions = {}): Promise<FakeDeepgram> {
    return new FakeDeepgram(options).listen();
  }

  protected async route(rec: Recorded, res: ServerResponse): Promise<void> {
    const auth = rec.headers.authorization;
    if (this.apiKey !== undefined && auth !== `Token ${this.apiKey}`) {
      return sendJson(res, 401, deepgramError('INVALID_AUTH', 'Invalid credentials.'));
    }
    if (rec.method === 'POST' && rec.path === '/v1/listen') return this.listen_(rec, res);
    if (rec.method === 'POST' && rec.path === '/v1/speak') return this.speak(rec, res);
    sendJson(res, 404, deepgramError('NOT_FOUND', `${rec.method} ${rec.path} not found`));
  }

  private listen_(rec: Recorded, res: ServerResponse): void {
    const type = String(rec.headers['content-type'] ?? '');
    if (type.startsWith('multipart/') || type.startsWith('application/json')) {
      return sendJson(res, 400, deepgramError('Bad Request', 'Bad Request: failed to process audio: corrupt or unsupported data'));
    }
    if (rec.raw.length === 0) return sendJson(res, 400, deepgramError('Bad Request', 'Bad Request: payload is empty'));
    const model = rec.query.model ?? 'base';
    if (!LISTEN_MODELS.has(model)) return sendJson(res, 400, deepgramError('Bad Request', 'No such model/language/tier combination found.'));
    for (const flag of ['diarize', 'utterances', 'smart_format', 'punctuate']) {
      const v = rec.query[flag];
      if (v !== undefined && !BOOLEANS.has(v)) return sendJson(res, 400, deepgramError('Bad Request', `Invalid query string. Failed to parse ${flag}.`));
    }
    const diarize = rec.query.diarize === 'true';
    const sentences = this.transcript.split(/(?<=[.!?])\s+/);
    let t = 0.1;
    const words = sentences.flatMap((sentence, s) =>
      sentence.split(/\s+/).map((punctuated) => {
        const w = { word: punctuated.toLowerCase().replace(/[^\p{L}\p{N}']/gu, ''), start: +t.toFixed(2), end: +(t + 0.4).toFixed(2), confidence: 0.98, punctuated_word: punctuated, ...(diarize ? { speaker: s % 2, speaker_confidence: 0.9 } : {}) };
        t += 0.5;
        return w;
      }),
    );
    const results: Record<string, unknown> = { channels: [{ alternatives: [{ transcript: this.transcript, confidence: 0.98, words }] }] };
    if (rec.query.utterances === 'true') {
      let i = 0;
      results.utterances = sentences.map((sentence, s) => {
        const own = words.slice(i, (i += sentence.split(/\s+/).length));
        return { start: own[0]!.start, end: own.at(-1)!.end, confidence: 0.98, channel: 0, transcript: sentence, words: own, ...(diarize ? { speaker: s % 2 } : {}), id: `utt-${s}` };
      });
    }
    sendJson(res, 200, { metadata: { request_id: 'b7f0c1de-0000-4000-8000-fa4e0000beef', duration: +t.toFixed(2), channels: 1, models: [model] }, results });
  }

  private async speak(rec: Recorded, res: ServerResponse): Promise<void> {
    const bad = (message: string) => sendJson(res, 400, deepgramError('UNSUPPORTED_AUDIO_FORMAT', message));
    const { model = 'aura-asteria-en', encoding = 'mp3', container, sample_rate: rate, bit_rate: bitRate } = rec.query;
    if (!/^aura(-2)?-[a-z]+-[a-z]{2}$/.test(model)) return sendJson(res, 400, deepgramError('INVALID_QUERY_PARAMETER', `No such model: ${model}`));
    const spec = ENCODINGS[encoding];
    if (!spec) return bad(`Unsupported encoding: ${encoding}`);
    if (container !== undefined && !spec.containers.includes(container)) return bad(`Container ${container} is not supported with encoding ${encoding}.`);
    if (rate !== undefined && !spec.rates?.includes(rate)) return bad(`Sample rate ${rate} is not supported with encoding ${encoding}.`);
    if (bitRate !== undefined && !spec.bitRate) return bad(`Bit rate is not supported with encoding ${encoding}.`);
    const body = rec.json as { text?: unknown } | undefined;
    if (typeof body?.text !== 'string' || body.text === '') return sendJson(res, 400, deepgramError('INVALID_INPUT', 'The request body must be JSON with a "text" string.'));
    if (body.text.length > 2000) return sendJson(res, 413, deepgramError('INVALID_INPUT', 'Input text exceeds the maximum of 2000 characters.'));
    const codec = encoding === 'linear16' && container === 'wav' ? 'wav' : spec.codec;
    const type = container === 'wav' ? 'audio/wav' : spec.type;
    await sendChunked(res, 200, type, fakeAudio(codec, this.speechBytes), this.chunkDelayMs);
  }
}
