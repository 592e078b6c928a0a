// The memory run: many large uploads at once through the gateway, with the
// gateway's RSS sampled against the upload bytes in flight (sent and not yet
// answered, as the client sees them: an upper bound of what the gateway
// holds), and every answer's status and Retry-After recorded.
import http from 'node:http';
import { fakeAudio } from '../fakes/audio.js';
import { form } from '../helpers/http.js';
import { peakRssBytes, RssSampler, type Child } from './processes.js';

export interface MemoryResult {
  label: string;
  uploads: number;
  uploadBytes: number;
  maxInflightMb: number;
  /** Bytes sent for requests not yet answered, at their largest. */
  peakInflightBytes: number;
  /** What the gateway can hold: the in-flight bytes, capped by its budget. */
  heldBoundBytes: number;
  /** Sampled every 50 ms, and the kernel's high-water mark for the whole process life. */
  peakRssBytes: number;
  hwmRssBytes?: number;
  rssBeforeBytes: number;
  /** In-flight bytes when the RSS peak was sampled. */
  inflightAtPeakBytes: number;
  statusCounts: Record<string, number>;
  ok: number;
  shed: number;
  shedWithRetryAfter: number;
  retryAfterValues: string[];
  /** Requests that got no answer (reset, refused). */
  connectionErrors: number;
  firstConnectionError?: string;
  /** The gateway process was alive and answered /health after the run. */
  survived: boolean;
  wallMs: number;
}

export interface MemoryOptions {
  label: string;
  gateway: { proc: Child; url: string };
  uploads: number;
  uploadMb: number;
  maxInflightMb: number;
}

const WRITE_CHUNK = 256 * 1024;

export async function memoryRun(options: MemoryOptions): Promise<MemoryResult> {
  const { proc, url } = options.gateway;
  const encoded = new Response(
    form({ fields: { model: 'openai/whisper-1' }, file: { bytes: fakeAudio('mp3', options.uploadMb * 1024 * 1024), filename: 'big.mp3', type: 'audio/mpeg' } }),
  );
  const contentType = encoded.headers.get('content-type')!;
  const body = Buffer.from(await encoded.arrayBuffer());

  let inflight = 0;
  let peakInflight = 0;
  const statusCounts: Record<string, number> = {};
  const retryAfterValues: string[] = [];
  let shedWithRetryAfter = 0;
  let connectionErrors = 0;
  let firstConnectionError: string | undefined;

  const sampler = new RssSampler(proc.pid, 50, () => inflight);
  const rssBefore = sampler.start().peak;
  const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
  const target = new URL('/v1/audio/transcriptions', url);
  const started = performance.now();

  const one = () =>
    new Promise<void>((resolve) => {
      let sent = 0;
      let answered = false;
      const settle = () => {
        inflight -= sent;
        sent = 0;
        resolve();
      };
      const req = http.request(target, { method: 'POST', agent, headers: { 'content-type': contentType, 'content-length': body.length } }, (res) => {
        answered = true;
        const status = String(res.statusCode);
        statusCounts[status] = (statusCounts[status] ?? 0) + 1;
        if (res.statusCode === 503) {
          const retryAfter = res.headers['retry-after'];
          if (retryAfter !== undefined) {
            shedWithRetryAfter++;
            if (!retryAfterValues.includes(retryAfter)) retryAfterValues.push(retryAfter);
          }
        }
        // The gateway no longer holds this upload once it answers.
        inflight -= sent;
        sent = 0;
        res.resume();
        res.on('end', () => {
          req.destroy();
          resolve();
        });
        res.on('close', () => resolve());
      });
      req.on('error', (err) => {
        if (answered) return; // a 503 closes the connection while the rest of the upload is still being written
        connectionErrors++;
        firstConnectionError ??= err.message;
        settle();
      });
      const write = (offset: number): void => {
        while (offset < body.length && !answered) {
          const chunk = body.subarray(offset, offset + WRITE_CHUNK);
          offset += chunk.length;
          sent += chunk.length;
          inflight += chunk.length;
          peakInflight = Math.max(peakInflight, inflight);
          if (!req.write(chunk)) {
            req.once('drain', () => write(offset));
            return;
          }
        }
        if (!answered) req.end();
      };
      write(0);
    });

  await Promise.all(Array.from({ length: options.uploads }, one));
  const wallMs = performance.now() - started;
  await new Promise((r) => setTimeout(r, 200));
  const peak = sampler.stop();
  agent.destroy();

  let survived = proc.alive();
  if (survived) {
    try {
      survived = (await fetch(new URL('/health', url))).status === 200;
    } catch {
      survived = false;
    }
  }
  const budget = options.maxInflightMb * 1024 * 1024;
  return {
    label: options.label,
    uploads: options.uploads,
    uploadBytes: body.length,
    maxInflightMb: options.maxInflightMb,
    peakInflightBytes: peakInflight,
    heldBoundBytes: Math.min(peakInflight, budget),
    peakRssBytes: peak,
    hwmRssBytes: peakRssBytes(proc.pid),
    rssBeforeBytes: rssBefore,
    inflightAtPeakBytes: sampler.atPeak,
    statusCounts,
    ok: statusCounts['200'] ?? 0,
    shed: statusCounts['503'] ?? 0,
    shedWithRetryAfter,
    retryAfterValues,
    connectionErrors,
    firstConnectionError,
    survived,
    wallMs,
  };
}
