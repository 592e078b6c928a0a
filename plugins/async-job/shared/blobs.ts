// Bytes every instance can read: job uploads and speech results, as binary
// (never base64), in Redis with the job's TTL or as files in a shared
// directory (async-job `blob_store: file:///path`), whose expiry is stamped
// in a sidecar and honoured on read and by a sweep.
import { copyFile, mkdir, open, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Redis } from 'ioredis';

export interface Blobs {
  put(key: string, chunks: readonly Buffer[], ttlMs: number): Promise<void>;
  get(key: string): Promise<readonly Buffer[] | undefined>;
  delete(key: string): Promise<void>;
  /** Removes what expired (files only; Redis expires keys itself). */
  sweep(): Promise<void>;
  /**
   * Files only: an upload spooled to disk goes in as a copy of its file, and
   * comes out as the path of that copy, never read into memory. Absent on
   * Redis, which would have to hold the whole upload in memory.
   */
  readonly files?: {
    putFile(key: string, source: string, ttlMs: number): Promise<void>;
    /** The blob's path while it has not expired. */
    pathOf(key: string): Promise<string | undefined>;
  };
}

export class RedisBlobs implements Blobs {
  constructor(private readonly redis: Redis) {}

  private name(key: string): string {
    return `voxgate:async-job:bytes:${key}`;
  }

  async put(key: string, chunks: readonly Buffer[], ttlMs: number): Promise<void> {
    // Appended chunk by chunk in one transaction: the upload is never joined into a second copy.
    const tx = this.redis.multi().set(this.name(key), '');
    for (const chunk of chunks) tx.append(this.name(key), chunk);
    const results = await tx.pexpire(this.name(key), Math.max(1, Math.ceil(ttlMs))).exec();
    const failed = results?.find(([err]) => err);
    if (!results || failed) throw failed?.[0] ?? new Error('the blob transaction was discarded');
  }

  async get(key: string): Promise<readonly Buffer[] | undefined> {
    const value = await this.redis.getBuffer(this.name(key));
    return value === null ? undefined : [value];
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(this.name(key));
  }

  async sweep(): Promise<void> {}
}

const safeName = (key: string): string => key.replace(/[^A-Za-z0-9._-]/g, '_');

export class FileBlobs implements Blobs {
  private readonly dir: string;

  readonly files = {
    putFile: async (key: string, source: string, ttlMs: number): Promise<void> => {
      await mkdir(this.dir, { recursive: true });
      const tmp = `${this.file(key)}.${process.pid}.tmp`;
      // The kernel copies (copy_file_range where it can): the upload never passes through this process's memory.
      await copyFile(source, tmp);
      // Durable before the 202, as put's bytes are.
      const handle = await open(tmp, 'r+');
      await handle.sync().finally(() => handle.close());
      await this.commit(key, tmp, ttlMs);
    },
    pathOf: async (key: string): Promise<string | undefined> => ((await this.expired(key)) ? undefined : this.file(key)),
  };

  constructor(url: string) {
    this.dir = fileURLToPath(url);
  }

  /** Stamps the expiry, then moves the finished file into place (readers never see half a file). */
  private async commit(key: string, tmp: string, ttlMs: number): Promise<void> {
    await writeFile(`${this.file(key)}.expires`, String(Date.now() + ttlMs));
    await rename(tmp, this.file(key));
  }

  /** True when the blob is gone or past its expiry. */
  private async expired(key: string): Promise<boolean> {
    try {
      return Date.now() > Number(await readFile(`${this.file(key)}.expires`, 'utf8'));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return true;
      throw err;
    }
  }

  private file(key: string): string {
    return path.join(this.dir, safeName(key));
  }

  async put(key: string, chunks: readonly Buffer[], ttlMs: number): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const tmp = `${this.file(key)}.${process.pid}.tmp`;
    const handle = await open(tmp, 'w');
    try {
      for (const chunk of chunks) await handle.write(chunk);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await this.commit(key, tmp, ttlMs);
  }

  async get(key: string): Promise<readonly Buffer[] | undefined> {
    if (await this.expired(key)) return undefined;
    try {
      return [await readFile(this.file(key))];
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.file(key), { force: true });
    await rm(`${this.file(key)}.expires`, { force: true });
  }

  async sweep(): Promise<void> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return;
    }
    for (const name of names.filter((n) => n.endsWith('.expires'))) {
      const expires = Number(await readFile(path.join(this.dir, name), 'utf8').catch(() => '0'));
      if (Date.now() > expires) await this.delete(name.slice(0, -'.expires'.length));
    }
  }
}
