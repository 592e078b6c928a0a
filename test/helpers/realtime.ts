// A realtime client for tests: a real `ws` socket to the gateway that keeps
// every server event, waits for the ones a test expects, and reports how the
// socket closed; and an upgrade that is refused, as the HTTP answer it got.
import { WebSocket } from 'ws';
import { waitFor } from './wait.js';

export type ServerEvent = Record<string, unknown> & { type: string };

export class RealtimeClient {
  readonly events: ServerEvent[] = [];
  closeCode: number | undefined;
  closeReason = '';
  readonly closed: Promise<number>;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => this.events.push(JSON.parse(String(data)) as ServerEvent));
    this.closed = new Promise((resolve) =>
      socket.on('close', (code, reason) => {
        this.closeCode = code;
        this.closeReason = reason.toString('utf8');
        resolve(code);
      }),
    );
  }

  static open(url: string, init: { headers?: Record<string, string>; protocols?: string[] } = {}): Promise<RealtimeClient> {
    const socket = new WebSocket(url.replace(/^http/, 'ws'), init.protocols ?? [], { headers: init.headers });
    const client = new RealtimeClient(socket);
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(client));
      socket.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused with ${res.statusCode}`)));
      socket.once('error', reject);
    });
  }

  send(event: Record<string, unknown>): void {
    this.socket.send(JSON.stringify(event));
  }

  sendRaw(data: string | Buffer): void {
    this.socket.send(data);
  }

  /** Waits for the n-th event of this type (0: the first). */
  async next(type: string, n = 0, timeoutMs = 5000): Promise<ServerEvent> {
    await waitFor(() => this.of(type).length > n, `server event ${type} #${n} (got: ${this.events.map((e) => e.type).join(', ')})`, timeoutMs);
    return this.of(type)[n]!;
  }

  of(type: string): ServerEvent[] {
    return this.events.filter((e) => e.type === type);
  }

  close(code = 1000): Promise<number> {
    this.socket.close(code);
    return this.closed;
  }
}

/** PCM16 mono silence-ish (a quiet ramp), base64: `seconds` of audio at `rate`. */
export function pcmBase64(seconds: number, rate = 24000): string {
  const samples = Math.round(seconds * rate);
  const buf = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) buf.writeInt16LE((i % 200) - 100, i * 2);
  return buf.toString('base64');
}

/** The GA session.update of a transcription session. */
export const transcriptionSession = (model?: string, rate = 24000, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'session.update',
  session: { type: 'transcription', audio: { input: { format: { type: 'audio/pcm', rate }, ...(model ? { transcription: { model } } : {}), turn_detection: null, ...extra } } },
});

/** An upgrade the gateway refuses: its HTTP status and JSON body. */
export function refusedUpgrade(url: string, init: { headers?: Record<string, string>; protocols?: string[] } = {}): Promise<{ status: number; body: Record<string, unknown>; opened: boolean; headers: Record<string, string | string[] | undefined> }> {
  const socket = new WebSocket(url.replace(/^http/, 'ws'), init.protocols ?? [], { headers: init.headers });
  return new Promise((resolve, reject) => {
    socket.once('open', () => {
      socket.terminate();
      resolve({ status: 101, body: {}, opened: true, headers: {} });
    });
    socket.once('unexpected-response', (_req, res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown>, opened: false, headers: res.headers }));
    });
    socket.once('error', (err) => {
      if (!/Unexpected server response/.test(err.message)) reject(err);
    });
  });
}

/** The upstream keys the realtime tests' fakes expect. */
export const REALTIME_KEYS = { openai: 'sk-rt-openai', azure: 'az-rt-key', deepgram: 'dg-rt-key', elevenlabs: 'el-rt-key' };

/** Provider blocks for the four realtime fakes (Azure's deployment map names my-transcribe). */
export const realtimeProviders = (urls: Partial<Record<keyof typeof REALTIME_KEYS, string>>): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  if (urls.openai) out.openai = { base_url: `${urls.openai}/v1`, keys: [{ value: REALTIME_KEYS.openai }] };
  if (urls.azure) out.azure = { endpoint: urls.azure, deployments: { 'gpt-4o-transcribe': 'my-transcribe' }, keys: [{ value: REALTIME_KEYS.azure }] };
  if (urls.deepgram) out.deepgram = { base_url: urls.deepgram, keys: [{ value: REALTIME_KEYS.deepgram }] };
  if (urls.elevenlabs) out.elevenlabs = { base_url: urls.elevenlabs, keys: [{ value: REALTIME_KEYS.elevenlabs }] };
  return out;
};
