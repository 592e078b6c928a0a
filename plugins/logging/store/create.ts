// logs.store as a URL: sqlite://<file> (relative to the working directory,
// sqlite://:memory: for none) or postgres://… / postgresql://….
import path from 'node:path';
import { PostgresLogStore } from './postgres.js';
import { SqliteLogStore } from './sqlite.js';
import type { LogStore } from './store.js';

export const DEFAULT_LOG_STORE = 'sqlite://./data/voxgate.db';

/** Why the URL names no store, or undefined when it does. */
export function logStoreProblem(url: string): string | undefined {
  if (/^postgres(ql)?:\/\/./.test(url)) return undefined;
  if (/^sqlite:\/\/./.test(url)) return undefined;
  return `"${url.replace(/\/\/[^@/]*@/, '//…@')}" is not a log store URL: use sqlite://./data/voxgate.db (a file) or postgres://user:password@host:5432/db`;
}

export function createLogStore(url: string): LogStore {
  if (/^postgres(ql)?:\/\//.test(url)) return new PostgresLogStore(url);
  const file = url.slice('sqlite://'.length);
  return new SqliteLogStore(file === ':memory:' ? file : path.resolve(file));
}
