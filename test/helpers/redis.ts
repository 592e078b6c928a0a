// A real redis-server for the Redis paths: spawned on a free port per test
// file, no persistence, killed afterwards. CI installs redis-server; a
// machine without it fails these tests with a message saying so.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';

export interface RedisServer {
  url: string;
  port: number;
  stop(): Promise<void>;
  /** Starts it again on the same port (after stop), for outage tests. */
  restart(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => {
        s.end();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`redis-server did not listen on ${port} within ${timeoutMs} ms`);
}

async function launch(port: number, aofDir?: string): Promise<ChildProcess> {
  const persistence = aofDir ? ['--appendonly', 'yes', '--appendfsync', 'everysec', '--dir', aofDir] : ['--appendonly', 'no'];
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence, '--maxmemory-policy', 'noeviction'], { stdio: 'ignore' });
  const failed = new Promise<never>((_, reject) =>
    child.once('error', (err) => reject(new Error(`cannot start redis-server (${err.message}): install it (apt-get install redis-server) to run the Redis tests`))),
  );
  await Promise.race([waitForPort(port, 5000), failed]);
  return child;
}

/** `aofDir`: persist with AOF (appendfsync everysec) there, as the README asks for jobs. */
export async function startRedis(options: { aofDir?: string } = {}): Promise<RedisServer> {
  const port = await freePort();
  let child = await launch(port, options.aofDir);
  // With AOF, a stop is Redis's own shutdown (SIGTERM: the AOF is flushed); without, SIGKILL.
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(options.aofDir ? 'SIGTERM' : 'SIGKILL');
    await exited;
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop,
    async restart() {
      await stop();
      child = await launch(port, options.aofDir);
    },
  };
}
