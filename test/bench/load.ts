// The load: request bodies built once, and autocannon run in this process
// against one target, with every answer's latency kept (autocannon's own
// histogram has 1 ms steps; overheads of a millisecond need finer ones).
import type { EventEmitter } from 'node:events';
import autocannon from 'autocannon';
import { fakeAudio } from '../fakes/audio.js';
import { form } from '../helpers/http.js';

export type ScenarioName = 'transcription-256k' | 'transcription-5m' | 'speech';

export interface Payload {
  path: string;
  contentType: string;
  body: Buffer;
}

export interface Scenario {
  name: ScenarioName;
  label: string;
  /** The body for a model name (`whisper-1` direct, `openai/whisper-1` through the gateway). */
  payload(model: 'bare' | 'prefixed'): Promise<Payload>;
}

async function multipart(model: string, audio: Buffer): Promise<Payload> {
  const encoded = new Response(form({ fields: { model, response_format: 'json' }, file: { bytes: audio, filename: 'bench.mp3', type: 'audio/mpeg' } }));
  return { path: '/audio/transcriptions', contentType: encoded.headers.get('content-type')!, body: Buffer.from(await encoded.arrayBuffer()) };
}

const transcription = (name: ScenarioName, label: string, bytes: number): Scenario => {
  const audio = fakeAudio('mp3', bytes);
  return { name, label, payload: (m) => multipart(m === 'bare' ? 'whisper-1' : 'openai/whisper-1', audio) };
};

export const SPEECH_INPUT = 'The quick brown fox jumps over the lazy dog, and the benchmark measures how fast it is said.';

export const SCENARIOS: readonly Scenario[] = [
  transcription('transcription-256k', 'transcription 256 KB', 256 * 1024),
  transcription('transcription-5m', 'transcription 5 MB', 5 * 1024 * 1024),
  {
    name: 'speech',
    label: 'speech 100 KB out',
    payload: async (m) => ({
      path: '/audio/speech',
      contentType: 'application/json',
      body: Buffer.from(JSON.stringify({ model: m === 'bare' ? 'tts-1' : 'openai/tts-1', input: SPEECH_INPUT, voice: 'alloy' })),
    }),
  },
];

/** Where load goes: a base URL ending in /v1, how it names models, and headers it needs. */
export interface Target {
  name: string;
  baseUrl: string;
  models: 'bare' | 'prefixed';
  headers: Record<string, string>;
}

/** What one or more autocannon runs against a target counted. */
interface LoadCounts {
  durationS: number;
  /** Answers of any status. */
  requests: number;
  ok: number;
  non2xx: number;
  /** Connection errors and timeouts (no answer). */
  errors: number;
  timeouts: number;
  statusCounts: Record<string, number>;
  firstError?: { status: number; body: string };
}

/** One autocannon run: its counts, and the latency of every 2xx answer. */
export interface LoadRun extends LoadCounts {
  latencies: number[];
}

export interface LoadResult extends LoadCounts {
  connections: number;
  /** Answers of any status per second. */
  rps: number;
  /** 2xx answers per second. */
  okRps: number;
  /** Latencies of the 2xx answers. */
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
}

export async function runLoad(target: Target, payload: Payload, connections: number, durationS: number): Promise<LoadRun> {
  const latencies: number[] = [];
  let firstError: LoadRun['firstError'];
  const options: autocannon.Options = {
    url: `${target.baseUrl}${payload.path}`,
    method: 'POST',
    headers: { ...target.headers, 'content-type': payload.contentType },
    body: payload.body,
    connections,
    duration: durationS,
    timeout: 30,
    requests: [
      {
        onResponse: (status, body) => {
          if (status >= 300 && !firstError) firstError = { status, body: String(body).slice(0, 500) };
        },
      },
    ],
  };
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (err, res) => (err ? reject(err) : resolve(res)));
    // The tracker emits (client, status, bytes, ms); @types/autocannon omits the client.
    (instance as EventEmitter).on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
      if (status >= 200 && status < 300) latencies.push(ms);
    });
  });
  const statusCounts: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statusCounts[code] = stat.count ?? 0;
  return {
    durationS: result.duration,
    requests: result['1xx'] + result['2xx'] + result['3xx'] + result['4xx'] + result['5xx'],
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCounts,
    firstError,
    latencies,
  };
}

const percentile = (sorted: Float64Array, p: number): number => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!);

/** The runs against one target (rounds interleaved with the other targets') as one result. */
export function combineRuns(connections: number, runs: readonly LoadRun[]): LoadResult {
  const sum = (f: (r: LoadRun) => number) => runs.reduce((n, r) => n + f(r), 0);
  const sorted = Float64Array.from(runs.flatMap((r) => r.latencies)).sort();
  const durationS = sum((r) => r.durationS);
  const statusCounts: Record<string, number> = {};
  for (const r of runs) for (const [code, n] of Object.entries(r.statusCounts)) statusCounts[code] = (statusCounts[code] ?? 0) + n;
  return {
    connections,
    durationS,
    rps: sum((r) => r.requests) / durationS,
    okRps: sum((r) => r.ok) / durationS,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    meanMs: sorted.length ? sorted.reduce((a, b) => a + b, 0) / sorted.length : NaN,
    requests: sum((r) => r.requests),
    ok: sum((r) => r.ok),
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    statusCounts,
    firstError: runs.find((r) => r.firstError)?.firstError,
  };
}

/** One request, to check a target answers as expected before loading it; returns its status and (the start of) its body. */
export async function probe(target: Target, payload: Payload): Promise<{ status: number; body: string; contentType: string }> {
  const res = await fetch(`${target.baseUrl}${payload.path}`, {
    method: 'POST',
    headers: { ...target.headers, 'content-type': payload.contentType },
    body: payload.body,
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  const contentType = res.headers.get('content-type') ?? '';
  const body = /json|text/.test(contentType) ? bytes.toString('utf8').slice(0, 500) : `<${bytes.length} bytes of ${contentType}>`;
  return { status: res.status, body, contentType };
}
