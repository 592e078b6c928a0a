// Uploads larger than the in-memory limit go to a temporary file in the
// gateway's own spool folder, bounded across all requests by
// long_audio.max_spool_gb. The file is removed when its last holder lets go
// (the request ends, whatever happens; an async job once it finishes), and
// at once if the upload fails or the client goes away mid-upload.
import { mkdtempSync, rmSync } from 'node:fs';
import { createWriteStream, type WriteStream } from 'node:fs';
import { unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { SpooledAudio } from '../types.js';
import { UploadBudget } from '../http/upload-budget.js';

/** The spool's bytes are budgeted like in-memory uploads (tryTake/give), on disk. */
export class SpoolArea extends UploadBudget {
  private seq = 0;
  private dirPath: string | undefined;

  /** The folder, created on first use under the OS temp dir (TMPDIR). */
  get dir(): string {
    this.dirPath ??= mkdtempSync(path.join(os.tmpdir(), 'voxgate-spool-'));
    return this.dirPath;
  }

  /** A new file in the spool folder; its bytes are charged as they are written. */
  open(): SpoolWriter {
    this.seq += 1;
    return new SpoolWriter(this, path.join(this.dir, `upload-${process.pid}-${this.seq}-${Date.now()}`));
  }

  /** An in-memory upload written out for ffmpeg (it needs a seekable file); `done` removes it. */
  async writeTemp(chunks: readonly Buffer[]): Promise<{ path: string; done: () => Promise<void> }> {
    this.seq += 1;
    const file = path.join(this.dir, `memory-${process.pid}-${this.seq}-${Date.now()}`);
    await writeFile(file, chunks, { mode: 0o600 });
    return { path: file, done: () => unlink(file).catch(() => undefined) };
  }

  /** On shutdown: whatever is left. */
  close(): void {
    if (this.dirPath) rmSync(this.dirPath, { recursive: true, force: true });
    this.dirPath = undefined;
  }
}

export class SpoolWriter {
  private readonly out: WriteStream;
  private charged = 0;
  private removed = false;
  private holders = 1;

  constructor(
    private readonly area: SpoolArea,
    readonly path: string,
  ) {
    this.out = createWriteStream(path, { flags: 'wx', mode: 0o600 });
    this.out.on('error', () => undefined); // surfaced by finish()
  }

  get size(): number {
    return this.charged;
  }

  /** ok: false when the spool area is full (nothing written); drain: wait for onDrain before writing more. */
  write(chunk: Buffer): { ok: boolean; drain: boolean } {
    if (!this.area.tryTake(chunk.length)) return { ok: false, drain: false };
    this.charged += chunk.length;
    return { ok: true, drain: !this.out.write(chunk) };
  }

  onDrain(fn: () => void): void {
    this.out.once('drain', fn);
  }

  /** Flushes and closes the file. The upload is its first holder: `release` when the request ends. */
  finish(): Promise<{ audio: SpooledAudio; release: () => void }> {
    return new Promise((resolve, reject) => {
      this.out.once('error', reject);
      this.out.end(() => resolve({ audio: { path: this.path, retain: () => this.retain() }, release: once(() => this.release()) }));
    });
  }

  /** The upload failed or was refused: the file goes now. */
  discard(): void {
    this.out.destroy();
    this.remove();
  }

  private retain(): () => void {
    this.holders += 1;
    return once(() => this.release());
  }

  private release(): void {
    this.holders -= 1;
    if (this.holders <= 0) this.remove();
  }

  private remove(): void {
    if (this.removed) return;
    this.removed = true;
    this.area.give(this.charged);
    void unlink(this.path).catch(() => undefined);
  }
}

function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    fn();
  };
}
