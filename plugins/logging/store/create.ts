// logs.store as a URL: sqlite://<file> (relative to the working directory,
// sqlite://:memory: for none) or postgres://… / postgresql://…. The driver
// is loaded on first use, so commands that never touch the store (check-config,
// keys, token) do not pay for loading it.
import path from 'node:path';
import type { LogStore } from './store.js';

export const DEFAULT_LOG_STORE = 'sqlite://./data/voxgate.db';

const isPostgres = (url: string): boolean => /^postgres(ql)?:\/\//.test(url);

/** A store whose driver module is imported by the first call. */
class LazyLogStore implements LogStore {
  private loaded: Promise<LogStore> | undefined;

  constructor(
    readonly kind: LogStore['kind'],
    private readonly load: () => Promise<LogStore>,
  ) {}

  private get store(): Promise<LogStore> {
    return (this.loaded ??= this.load());
  }

  async migrate() { return (await this.store).migrate(); }
  async insert(...a: Parameters<LogStore['insert']>) { return (await this.store).insert(...a); }
  async list(...a: Parameters<LogStore['list']>) { return (await this.store).list(...a); }
  async get(...a: Parameters<LogStore['get']>) { return (await this.store).get(...a); }
  async statsRows(...a: Parameters<LogStore['statsRows']>) { return (await this.store).statsRows(...a); }
  async deleteBefore(...a: Parameters<LogStore['deleteBefore']>) { return (await this.store).deleteBefore(...a); }
  async close() {
    if (this.loaded) await (await this.loaded).close();
  }
}

export function createLogStore(url: string): LogStore {
  if (isPostgres(url)) return new LazyLogStore('postgres', async () => new (await import('./postgres.js')).PostgresLogStore(url));
  const file = url.slice('sqlite://'.length);
  const resolved = file === ':memory:' ? file : path.resolve(file);
  return new LazyLogStore('sqlite', async () => new (await import('./sqlite.js')).SqliteLogStore(resolved));
}
