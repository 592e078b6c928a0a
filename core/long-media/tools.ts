// ffmpeg and ffprobe: found once at start-up (long_audio.ffmpeg_path, else
// PATH), and run with a bounded capture of what they print. When either is
// missing the gateway still starts; long audio is off and /ready says why.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';

export interface MediaTools {
  ffmpeg: string;
  ffprobe: string;
}

export type ToolsFound = { ok: true; tools: MediaTools } | { ok: false; reason: string };

const answers = (bin: string): boolean => {
  const r = spawnSync(bin, ['-version'], { stdio: 'ignore', timeout: 10_000 });
  return r.status === 0;
};

/** ffmpeg at `configured` (ffprobe beside it), or both on PATH. */
export function findTools(configured: string | undefined): ToolsFound {
  const ffmpeg = configured ?? 'ffmpeg';
  const ffprobe = configured ? path.join(path.dirname(configured), 'ffprobe') : 'ffprobe';
  const where = configured ? `at ${configured} (long_audio.ffmpeg_path)` : 'on PATH';
  if (!answers(ffmpeg)) return { ok: false, reason: `ffmpeg was not found ${where}` };
  if (!answers(ffprobe)) return { ok: false, reason: `ffprobe was not found ${configured ? `beside ${configured}` : 'on PATH'}` };
  return { ok: true, tools: { ffmpeg, ffprobe } };
}

export interface RunResult {
  code: number | null;
  stdout: Buffer[];
  stdoutBytes: number;
  /** The last 64 KB of stderr. */
  stderr: string;
}

const STDERR_KEEP = 64 * 1024;

/**
 * Runs a tool to its end; stdout is kept (up to `maxStdout` bytes, past which
 * the run is killed), stderr's tail kept for messages. Killed on `signal`.
 */
export function runTool(bin: string, args: readonly string[], signal: AbortSignal, maxStdout = 0, stdin?: Buffer[]): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: [stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'], signal });
    const stdout: Buffer[] = [];
    let stdoutBytes = 0;
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (stdoutBytes > maxStdout) child.kill('SIGKILL');
      else stdout.push(chunk);
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_KEEP);
    });
    if (stdin && child.stdin) {
      child.stdin.on('error', () => undefined); // the tool may stop reading early
      for (const b of stdin) child.stdin.write(b);
      child.stdin.end();
    }
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stdoutBytes, stderr }));
  });
}
