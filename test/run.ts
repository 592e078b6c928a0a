// `npm test`: runs every compiled *.test.js under dist/test with node:test.
// (Node 20's --test would also run the fakes and helpers under dist/test,
// so the files are listed explicitly.) Extra arguments filter by path.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);

const files = readdirSync(root, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.test.js'))
  // Matched against the path below dist/test, so a checkout's own folder name never matches.
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .map((f) => path.join(root, f))
  .sort();

if (files.length === 0) {
  process.stderr.write(`no test files match ${filters.join(' ')}\n`);
  process.exit(1);
}

// A file's whole run counts against the timeout: the packed-package test compiles better-sqlite3 (minutes).
// --test-force-exit: a file whose tests have all ended exits even if a client it started (a BullMQ
// connection to a Redis the test stopped) still has a timer; without it the run waits for ever.
const result = spawnSync(process.execPath, ['--test', '--test-reporter=spec', '--test-concurrency=2', '--test-timeout=1200000', '--test-force-exit', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
