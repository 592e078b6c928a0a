// A real PostgreSQL for the Postgres log store: initdb and pg_ctl (Debian's
// postgresql, /usr/lib/postgresql/15/bin) in a temporary directory, on a free
// port, trust auth on 127.0.0.1 only, removed afterwards. Run as the
// postgres user when the tests run as root (initdb refuses root).
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './redis.js';

const BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

export interface PostgresServer {
  url: string;
  stop(): Promise<void>;
}

function run(cmd: string, args: string[]): void {
  const asRoot = process.getuid?.() === 0;
  const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
  execFileSync(file, argv, { stdio: ['ignore', 'ignore', 'pipe'], timeout: 60_000 });
}

export async function startPostgres(): Promise<PostgresServer> {
  const initdb = path.join(BIN, 'initdb');
  if (!existsSync(initdb)) throw new Error(`no ${initdb}: install Debian's postgresql (apt-get install postgresql) to run the Postgres log store tests`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'voxgate-pg-'));
  chmodSync(dir, 0o777);
  const data = path.join(dir, 'data');
  const port = await freePort();
  run(initdb, ['-D', data, '-U', 'voxgate', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  run(path.join(BIN, 'pg_ctl'), ['-D', data, '-l', path.join(dir, 'log'), '-w', '-t', '60', '-o', `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir} -c fsync=off`, 'start']);
  let stopped = false;
  return {
    url: `postgres://voxgate@127.0.0.1:${port}/postgres`,
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        run(path.join(BIN, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
