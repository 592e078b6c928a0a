// The SQLite log store passes the shared suite, on a file in a temp directory.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteLogStore } from '../../plugins/logging/store/sqlite.js';
import { logStoreSuite } from './log-store-suite.js';

logStoreSuite('SQLite', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'voxgate-sqlite-'));
  return { store: new SqliteLogStore(path.join(dir, 'nested', 'logs.db')), done: async () => rmSync(dir, { recursive: true, force: true }) };
});
