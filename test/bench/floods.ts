// The memory floods (issue 13): what one greedy client must not be able to
// grow. Each runs against a gateway started with --max-old-space-size=256
// (the default chain, memory store), sampling its RSS every 50 ms:
// - async results: one caller submits speech jobs of 20 MB audio each with
//   a 7-day result TTL, more than any budget allows; past the per-key budget
//   (async-job max_result_mb_per_key) submits must be refused with 429 +
//   Retry-After, never an out-of-memory crash;
// - metrics cardinality: thousands of refused requests, each naming a new
//   model (refused by the provider, or naming no configured provider);
//   /metrics and RSS must stay flat, the names counted as `other`.
import { peakRssBytes, rssBytes, RssSampler, type Child } from './processes.js';

export interface FloodResult {
  name: string;
  requests: number;
  statusCounts: Record<string, number>;
  withRetryAfter: number;
  rssBeforeBytes: number;
  peakRssBytes: number;
  hwmRssBytes?: number;
  rssAfterBytes: number;
  /** The RSS the flood must stay under. */
  limitBytes: number;
  metricsBytesBefore?: number;
  metricsBytesAfter?: number;
  survived: boolean;
  wallMs: number;
  notes: string;
}

interface Gateway {
  proc: Child;
  url: string;
}

const MB = 1024 * 1024;

async function alive(gw: Gateway): Promise<boolean> {
  if (!gw.proc.alive()) return false;
  try {
    return (await fetch(`${gw.url}/health`, { signal: AbortSignal.timeout(5000) })).status === 200;
  } catch {
    return false;
  }
}

const count = (counts: Record<string, number>, status: number | string) => (counts[String(status)] = (counts[String(status)] ?? 0) + 1);

/** fetch, tried twice: a keep-alive socket the server closed as it was reused is the client's race, not the gateway's failure. */
async function fetchTwice(url: string, init?: RequestInit): Promise<Response | undefined> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      return await fetch(url, init);
    } catch {
      // retried once
    }
  }
  return undefined;
}

/** Runs `total` tasks, `concurrency` at a time. */
async function pool(total: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < total) await task(next++);
  }));
}

export interface ResultsFloodOptions {
  jobs: number;
  audioMb: number;
  perKeyBudgetMb: number;
}

/** One caller, `jobs` speech jobs of `audioMb` each, a 7-day TTL; each accepted job is polled to its end. */
export async function asyncResultsFlood(gw: Gateway, options: ResultsFloodOptions): Promise<FloodResult> {
  const statusCounts: Record<string, number> = {};
  const jobEnds: Record<string, number> = {};
  let withRetryAfter = 0;
  const sampler = new RssSampler(gw.proc.pid).start();
  const rssBefore = sampler.peak;
  const started = performance.now();
  await pool(options.jobs, 8, async () => {
    const res = await fetchTwice(`${gw.url}/v1/async/audio/speech`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-bf-async-job-result-ttl': '604800' },
      body: JSON.stringify({ model: 'openai/tts-1', input: 'a long read', voice: 'alloy' }),
    });
    if (!res) return void count(statusCounts, 'connection error');
    count(statusCounts, res.status);
    if (res.headers.get('retry-after') !== null) withRetryAfter++;
    const body = (await res.json().catch(() => ({}))) as { id?: string };
    if (res.status !== 202 || !body.id) return;
    for (;;) {
      const poll = await fetchTwice(`${gw.url}/v1/async/audio/speech/${body.id}`);
      if (!poll) return void count(jobEnds, 'connection error');
      const job = (await poll.json().catch(() => ({ status: 'unreadable' }))) as { status: string; error?: { error?: { code?: string } } };
      if (poll.status === 200) return void count(jobEnds, job.status === 'completed' ? 'completed' : `failed ${job.error?.error?.code}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  });
  const wallMs = performance.now() - started;
  const peak = sampler.stop();
  const limitBytes = rssBefore + 1.5 * options.perKeyBudgetMb * MB + 150 * MB;
  return {
    name: `async results: ${options.jobs} × ${options.audioMb} MB speech jobs, one key, 7-day TTL`,
    requests: options.jobs,
    statusCounts,
    withRetryAfter,
    rssBeforeBytes: rssBefore,
    peakRssBytes: peak,
    hwmRssBytes: peakRssBytes(gw.proc.pid),
    rssAfterBytes: rssBytes(gw.proc.pid) ?? 0,
    limitBytes,
    survived: await alive(gw),
    wallMs,
    notes: `jobs ended: ${JSON.stringify(jobEnds)}; limit: RSS before + 1.5 × max_result_mb_per_key (${options.perKeyBudgetMb} MB) + 150 MB`,
  };
}

const metricsSize = async (gw: Gateway): Promise<number> => Buffer.byteLength(await (await fetch(`${gw.url}/metrics`)).text());

/** `requests` refused requests, each with a model name never seen before (long ones, near the 200-character limit). */
export async function metricsFlood(gw: Gateway, requests: number): Promise<FloodResult> {
  const statusCounts: Record<string, number> = {};
  const metricsBefore = await metricsSize(gw);
  const sampler = new RssSampler(gw.proc.pid).start();
  const rssBefore = sampler.peak;
  const started = performance.now();
  const pad = 'x'.repeat(150);
  await pool(requests, 10, async (i) => {
    // Half the provider refuses (404, a model it lacks); half name a provider nobody configured (400).
    const model = i % 2 === 0 ? `openai/nope-${i}-${pad}` : `p${i}/${pad}`;
    const res = await fetchTwice(`${gw.url}/v1/audio/speech`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model, input: 'hi', voice: 'alloy' }),
    });
    count(statusCounts, res ? res.status : 'connection error');
    await res?.arrayBuffer();
  });
  const wallMs = performance.now() - started;
  const peak = sampler.stop();
  const metricsAfter = await metricsSize(gw);
  return {
    name: `metrics cardinality: ${requests} refused requests, each a new model name`,
    requests,
    statusCounts,
    withRetryAfter: 0,
    rssBeforeBytes: rssBefore,
    peakRssBytes: peak,
    hwmRssBytes: peakRssBytes(gw.proc.pid),
    rssAfterBytes: rssBytes(gw.proc.pid) ?? 0,
    limitBytes: rssBefore + 50 * MB,
    metricsBytesBefore: metricsBefore,
    metricsBytesAfter: metricsAfter,
    survived: await alive(gw),
    wallMs,
    notes: 'limit: RSS before + 50 MB; /metrics must not grow with the names',
  };
}

export function floodsTable(list: FloodResult[]): string {
  const mb = (b: number | undefined) => (b === undefined ? '-' : (b / MB).toFixed(0));
  const lines = ['| flood | statuses | w/ Retry-After | RSS before MB | peak RSS MB (hwm) | after MB | limit MB | /metrics KB before → after | alive | s |', '|---|---|--:|--:|--:|--:|--:|---|---|--:|'];
  for (const f of list) {
    const metrics = f.metricsBytesBefore === undefined ? '-' : `${(f.metricsBytesBefore / 1024).toFixed(0)} → ${((f.metricsBytesAfter ?? 0) / 1024).toFixed(0)}`;
    lines.push(
      `| ${f.name} | ${JSON.stringify(f.statusCounts)} | ${f.withRetryAfter} | ${mb(f.rssBeforeBytes)} | ${mb(f.peakRssBytes)} (${mb(f.hwmRssBytes)}) | ${mb(f.rssAfterBytes)} | ${mb(f.limitBytes)} | ${metrics} | ${f.survived ? 'yes' : 'NO'} | ${(f.wallMs / 1000).toFixed(1)} |`,
    );
  }
  return `${lines.join('\n')}\n${list.map((f) => `- ${f.name}: ${f.notes}`).join('\n')}`;
}

export const floodChecks = (list: FloodResult[]): Array<{ target: string; measured: string; pass: boolean }> =>
  list.flatMap((f) => [
    { target: `flood (${f.name}): alive, /health answers`, measured: f.survived ? 'alive' : 'dead', pass: f.survived },
    { target: `flood (${f.name}): peak RSS under the stated bound`, measured: `${(f.peakRssBytes / MB).toFixed(0)} MB < ${(f.limitBytes / MB).toFixed(0)} MB`, pass: f.peakRssBytes < f.limitBytes },
    ...(f.metricsBytesBefore === undefined
      ? []
      : [{ target: `flood (${f.name}): /metrics does not grow with the names`, measured: `${(f.metricsBytesBefore / 1024).toFixed(0)} KB → ${((f.metricsBytesAfter ?? 0) / 1024).toFixed(0)} KB`, pass: (f.metricsBytesAfter ?? 0) < f.metricsBytesBefore + 64 * 1024 }]),
  ]);
