// The benchmark's child processes (the fake upstream, the gateway, the peer
// gateway), each with its output in a log file under bench-results/logs, and
// a sampler of a process's resident memory.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { waitFor } from '../helpers/wait.js';

/** The repository root (this file runs from dist/test/bench). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const distDir = path.join(repoRoot, 'dist');
export const resultsDir = path.join(repoRoot, 'bench-results');
export const logsDir = path.join(resultsDir, 'logs');

export interface Child {
  name: string;
  child: ChildProcess;
  pid: number;
  logFile: string;
  output(): string;
  alive(): boolean;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code. */
  stop(graceMs?: number): Promise<number | null>;
}

/**
 * Starts `node <args>` with stdout and stderr going to logs/<name>.log, and waits until the output matches `ready`.
 * `cpus` pins it to those CPUs (taskset's list, "1" or "0-2"); taskset execs node, so the pid is node's.
 */
export function startNode(name: string, args: string[], ready: RegExp, env: Record<string, string> = {}, cpus?: string): Promise<Child> {
  return startProcess(name, process.execPath, args, ready, env, cpus);
}

/** Starts `command <args>` as startNode does; `ready` a pattern of its output, or a check run until it holds. */
export async function startProcess(name: string, executable: string, args: string[], ready: RegExp | (() => Promise<boolean>), env: Record<string, string> = {}, cpus?: string): Promise<Child> {
  const logFile = path.join(logsDir, `${name}.log`);
  const fd = openSync(logFile, 'w');
  const [command, argv] = cpus === undefined ? [executable, args] : ['taskset', ['-c', cpus, executable, ...args]];
  const child = spawn(command, argv, {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const output = () => readFileSync(logFile, 'utf8');
  const alive = () => child.exitCode === null && child.signalCode === null;
  const handle: Child = {
    name,
    child,
    pid: child.pid!,
    logFile,
    output,
    alive,
    async stop(graceMs = 10_000) {
      if (alive()) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => alive() && child.kill('SIGKILL'), graceMs);
        const code = await exited;
        clearTimeout(timer);
        return code;
      }
      return exited;
    },
  };
  try {
    await waitFor(async () => (ready instanceof RegExp ? ready.test(output()) : await ready()) || !alive(), `${name} to start`, 60_000);
  } catch (err) {
    await handle.stop(1000);
    throw err;
  }
  if (!alive()) throw new Error(`${name} exited at start-up:\n${output()}`);
  return handle;
}

/** The fake OpenAI in its own process; resolves with it and its base URL (…/v1). */
export async function startFakeUpstream(name: string, delayMs = 0, speechBytes?: number, long = false): Promise<{ proc: Child; url: string }> {
  const extra = [...(speechBytes === undefined ? [] : ['--speech-bytes', String(speechBytes)]), ...(long ? ['--long'] : [])];
  const proc = await startNode(name, [path.join(distDir, 'test', 'bench', 'fake-upstream.js'), '--delay-ms', String(delayMs), ...extra], /"url":"[^"]+"/);
  const url = /"url":"([^"]+)"/.exec(proc.output())![1]!;
  return { proc, url };
}

export interface GatewayOptions {
  /** The fake upstream's base URL. */
  upstream: string;
  /** undefined: the default chain (every built-in); []: none. */
  plugins?: unknown[];
  server?: Record<string, unknown>;
  /** Extra node flags (--cpu-prof …). */
  nodeFlags?: string[];
  /** Pin the gateway to these CPUs (taskset). */
  cpus?: string;
  /** Other top-level config blocks (long_audio …). */
  extra?: Record<string, unknown>;
  /** auth.required with this virtual key (sk-bf-…) as the only one; absent: auth off. */
  virtualKey?: string;
  /** store.url; memory:// when absent. */
  store?: string;
}

/** The real `voxgate serve` in its own process, from a generated config; resolves with its URL. */
export async function startGateway(name: string, options: GatewayOptions): Promise<{ proc: Child; url: string; configFile: string }> {
  const config: Record<string, unknown> = {
    server: { host: '127.0.0.1', port: 0, ...options.server },
    store: { url: options.store ?? 'memory://' },
    providers: { openai: { base_url: options.upstream, keys: [{ value: 'sk-bench-upstream' }] } },
    auth: options.virtualKey === undefined ? { required: false } : { required: true, virtual_keys: [{ name: 'bench', key: options.virtualKey }] },
    log: { level: 'info', destination: 'stdout', pretty: false },
  };
  if (options.plugins) config.plugins = options.plugins;
  Object.assign(config, options.extra);
  const configFile = path.join(logsDir, `${name}.yaml`);
  writeFileSync(configFile, stringify(config));
  const args = [...(options.nodeFlags ?? []), path.join(distDir, 'core', 'cli.js'), 'serve', '--config', configFile];
  const proc = await startNode(name, args, /voxgate listening/, {}, options.cpus);
  const url = /"url":"([^"]+)"/.exec(proc.output())![1]!;
  return { proc, url, configFile };
}

/** Pins a running process, all its threads, to `cpus` (taskset's list); false where taskset is missing or refuses. */
export function pinProcess(pid: number, cpus: string): boolean {
  try {
    execFileSync('taskset', ['-a', '-p', '-c', cpus, String(pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as import('node:net').AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The peer gateway (@portkey-ai/gateway) in its own process, headless; resolves with its origin. */
export async function startPeer(name: string): Promise<{ proc: Child; url: string; version: string }> {
  const pkgDir = path.join(repoRoot, 'node_modules', '@portkey-ai', 'gateway');
  const version = (JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as { version: string }).version;
  const port = await freePort();
  const proc = await startNode(name, [path.join(pkgDir, 'build', 'start-server.js'), '--headless', `--port=${port}`], /Ready for connections/);
  return { proc, url: `http://127.0.0.1:${port}`, version };
}

/** Resident memory of a process in bytes (Linux /proc), undefined once it is gone. */
export function rssBytes(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return kb ? Number(kb[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

const clockTicks = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** A process's children (Linux /proc): nginx's worker, a cluster primary's workers. */
export function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** What serves: the process and its children (an nginx master and worker, a cluster primary and workers). */
const tree = (pid: number): number[] => [pid, ...childPids(pid)];

/** CPU time of a process and its children, in ms; undefined once the process is gone. */
export function treeCpuTimeMs(pid: number): number | undefined {
  const own = cpuTimeMs(pid);
  return own === undefined ? undefined : childPids(pid).reduce((n, c) => n + (cpuTimeMs(c) ?? 0), own);
}

/** CPU time (user + system) a process has used, in ms (Linux /proc), undefined once it is gone. */
export function cpuTimeMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces), from field 3: utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks;
  } catch {
    return undefined;
  }
}

/** The kernel's high-water mark of a process's resident memory (Linux), in bytes. */
export function peakRssBytes(pid: number): number | undefined {
  try {
    const kb = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return kb ? Number(kb[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Samples a process's RSS (with its children's) every `intervalMs` and keeps the largest value (and what else was sampled at that moment). */
export class RssSampler {
  peak = 0;
  samples = 0;
  private timer?: NodeJS.Timeout;

  /** The value of `alongside` when the peak was sampled. */
  atPeak = 0;

  constructor(
    readonly pid: number,
    readonly intervalMs = 50,
    /** Called at each sample; its value at the peak is kept as `atPeak`. */
    private readonly alongside?: () => number,
  ) {}

  start(): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    return this;
  }

  stop(): number {
    clearInterval(this.timer);
    this.sample();
    return this.peak;
  }

  private sample(): void {
    const rss = rssBytes(this.pid) === undefined ? undefined : tree(this.pid).reduce((n, p) => n + (rssBytes(p) ?? 0), 0);
    if (rss === undefined) return;
    this.samples++;
    if (rss > this.peak) {
      this.peak = rss;
      this.atPeak = this.alongside?.() ?? 0;
    }
  }
}
