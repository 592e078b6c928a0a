// The bench's anchors, each its own process beside the gateway on the same
// load: nginx (one worker, streaming both ways, keep-alive upstream), the
// bare Node byte proxy (byte-proxy.ts) and the parsing one (parse-proxy.ts);
// and the redis-server the gateway's workers share when it runs more than one.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { distDir, freePort, logsDir, startNode, startProcess, type Child } from './processes.js';

export const NGINX = process.env.VOXGATE_BENCH_NGINX ?? '/usr/sbin/nginx';

const listens = (port: number) => (): Promise<boolean> =>
  new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1', () => {
      s.end();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });

/** A Node proxy anchor in front of `upstream` (…/v1): the bare byte proxy, or the parsing one; resolves with its origin. */
export async function startNodeProxy(name: string, upstream: string, script: 'byte-proxy' | 'parse-proxy' = 'byte-proxy'): Promise<{ proc: Child; url: string }> {
  const proc = await startNode(name, [path.join(distDir, 'test', 'bench', `${script}.js`), '--upstream', upstream], /"url":"[^"]+"/);
  return { proc, url: /"url":"([^"]+)"/.exec(proc.output())![1]! };
}

/** nginx's config: one worker, no request or response buffering, HTTP/1.1 keep-alive to the upstream, the upstream key set. */
export function nginxConfig(dir: string, port: number, upstream: URL): string {
  const base = upstream.pathname.replace(/\/$/, '');
  return `daemon off;
master_process on;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  client_max_body_size 64m;
  keepalive_requests 100000;
  upstream voxgate_bench_upstream {
    server ${upstream.host};
    keepalive 128;
  }
  server {
    listen 127.0.0.1:${port};
    location /v1/ {
      proxy_pass http://voxgate_bench_upstream${base}/;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Authorization "Bearer sk-bench-upstream";
      proxy_request_buffering off;
      proxy_buffering off;
    }
  }
}
`;
}

/** nginx as a child process (not a daemon), its config, pid file and error log in a temp dir under the logs. */
export async function startNginx(name: string, upstream: string): Promise<{ proc: Child; url: string; workerPid?: number }> {
  mkdirSync(logsDir, { recursive: true });
  const dir = mkdtempSync(path.join(logsDir, `${name}-`));
  const port = await freePort();
  writeFileSync(path.join(dir, 'nginx.conf'), nginxConfig(dir, port, new URL(upstream)));
  const proc = await startProcess(name, NGINX, ['-p', dir, '-c', 'nginx.conf', '-e', path.join(dir, 'error.log')], listens(port));
  return { proc, url: `http://127.0.0.1:${port}` };
}

/** A redis-server for the gateway's workers: no persistence. */
export async function startRedisServer(name: string): Promise<{ proc: Child; url: string }> {
  const port = await freePort();
  const proc = await startProcess(name, 'redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], listens(port));
  return { proc, url: `redis://127.0.0.1:${port}` };
}
