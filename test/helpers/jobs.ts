// Spawned gateway instances on one Redis for the async-job tests, and the
// submit / poll / wait helpers they share.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { fakeAudio, sha256 } from '../fakes/audio.js';
import { upload } from './http.js';
import { startCli, type RunningCli } from './cli.js';
import { freePort } from './redis.js';
import { waitFor } from './wait.js';

export interface Job {
  id: string;
  status: string;
  status_code?: number;
  attempts?: number;
  completed_at?: string;
  result?: { text?: string; x_fake_file?: { sha256: string } };
  error?: { error: { code: string; message: string } };
  webhook?: { attempts: number; last_status: number; delivered_at?: string };
}

export interface Instance {
  cli: RunningCli;
  url: string;
}

const dir = mkdtempSync(path.join(tmpdir(), 'voxgate-jobs-'));

export async function spawnInstance(config: Record<string, unknown>): Promise<Instance> {
  const file = path.join(dir, `gw-${Date.now()}-${Math.random()}.yaml`);
  const server = { host: '127.0.0.1', port: await freePort(), shutdown_timeout_s: 5, ...((config.server as object | undefined) ?? {}) };
  writeFileSync(file, stringify({ ...config, server }));
  const cli = startCli(['serve', '--config', file]);
  return { cli, url: await cli.listening() };
}

/** A transcription job of its own upload (seed), answered verbose_json so the fake's hash of what it got comes back. */
export async function submitUpload(base: string, seed: number, headers: Record<string, string> = {}): Promise<{ job: Job; hash: string }> {
  const bytes = fakeAudio('mp3', 20_000, seed);
  const res = await upload(`${base}/v1/async/audio/transcriptions`, { fields: { model: 'openai/whisper-1', response_format: 'verbose_json' }, file: { bytes }, headers });
  assert.equal(res.status, 202, await res.clone().text());
  return { job: (await res.json()) as Job, hash: sha256(bytes) };
}

export async function poll(base: string, id: string): Promise<{ status: number; job: Job }> {
  const res = await fetch(`${base}/v1/async/audio/transcriptions/${id}`);
  return { status: res.status, job: (await res.json()) as Job };
}

export async function finished(base: string, id: string, timeoutMs = 60_000): Promise<Job> {
  let job: Job | undefined;
  await waitFor(async () => {
    try {
      const answer = await poll(base, id);
      job = answer.job;
      return answer.status === 200;
    } catch {
      return false;
    }
  }, `job ${id} to finish`, timeoutMs);
  return job!;
}

/** The exit code of an instance already signalled (a second SIGTERM would end its drain). */
export function exited(i: Instance): Promise<number | null> {
  const { child } = i.cli;
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}
