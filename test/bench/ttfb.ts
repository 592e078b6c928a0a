// Time to the first audio byte of streamed speech, at one connection: one
// request after another on a keep-alive socket, each timed from the moment it
// is sent to its answer's first body chunk (what a player waits before it can
// start), the rest of the answer read and dropped.
import http from 'node:http';
import type { Payload, Target } from './load.js';

export interface TtfbRun {
  /** ms to the first body byte of each 2xx answer. */
  firstByteMs: number[];
  non2xx: number;
  errors: number;
}

const REQUEST_TIMEOUT_MS = 10_000;

export async function runTtfb(target: Target, payload: Payload, durationS: number): Promise<TtfbRun> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const url = new URL(`${target.baseUrl}${payload.path}`);
  const run: TtfbRun = { firstByteMs: [], non2xx: 0, errors: 0 };
  const headers = { ...target.headers, 'content-type': payload.contentType, 'content-length': String(payload.body.length) };
  const deadline = performance.now() + durationS * 1000;
  const one = () =>
    new Promise<void>((resolve) => {
      const started = performance.now();
      const req = http.request(url, { method: 'POST', agent, headers }, (res) => {
        const ok = res.statusCode !== undefined && res.statusCode >= 200 && res.statusCode < 300;
        if (!ok) run.non2xx++;
        res.once('data', () => ok && run.firstByteMs.push(performance.now() - started));
        res.on('data', () => undefined);
        res.once('end', resolve);
        res.once('error', () => resolve());
        res.once('close', () => resolve()); // cut short without an error: counted as what it was, never waited for
      });
      // A target that stops answering (the parsing proxy once did, mid-run) is an error, not a hung run.
      req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error(`no answer in ${REQUEST_TIMEOUT_MS} ms`)));
      req.once('error', () => {
        run.errors++;
        resolve();
      });
      req.end(payload.body);
    });
  while (performance.now() < deadline) await one();
  agent.destroy();
  return run;
}

const percentile = (sorted: number[], p: number): number => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!);

export interface TtfbResult {
  answers: number;
  non2xx: number;
  errors: number;
  p50Ms: number;
  p99Ms: number;
}

export function combineTtfb(runs: readonly TtfbRun[]): TtfbResult {
  const all = runs.flatMap((r) => r.firstByteMs).sort((a, b) => a - b);
  return {
    answers: all.length,
    non2xx: runs.reduce((n, r) => n + r.non2xx, 0),
    errors: runs.reduce((n, r) => n + r.errors, 0),
    p50Ms: percentile(all, 50),
    p99Ms: percentile(all, 99),
  };
}
