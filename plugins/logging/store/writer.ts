// Records reach the store in the background: queued (bounded), written in
// batches, one batch at a time. A request only ever pushes onto the queue;
// when the store is slow or down the queue fills and further records are
// dropped and counted, never waited for.
import type { LogRecord } from './record.js';

export type DropReason = 'queue_full' | 'store_failed';

export interface WriterOptions {
  maxQueue: number;
  batchSize: number;
  flushMs: number;
  onDrop: (reason: DropReason, count: number) => void;
  onError: (err: unknown) => void;
}

export class BatchWriter {
  private queue: LogRecord[] = [];
  private writing: Promise<void> | undefined;
  private readonly timer: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly insert: (batch: readonly LogRecord[]) => Promise<void>,
    private readonly options: WriterOptions,
  ) {
    this.timer = setInterval(() => this.flush(), options.flushMs);
    this.timer.unref();
  }

  /** Never blocks, never throws. */
  push(record: LogRecord): void {
    if (this.closed) return;
    if (this.queue.length >= this.options.maxQueue) {
      this.options.onDrop('queue_full', 1);
      return;
    }
    this.queue.push(record);
    if (this.queue.length >= this.options.batchSize) this.flush();
  }

  get queued(): number {
    return this.queue.length;
  }

  /** Starts a write of what is queued unless one is running; resolves when that write ends. */
  flush(): Promise<void> {
    if (this.writing || this.queue.length === 0) return this.writing ?? Promise.resolve();
    const batch = this.queue.splice(0, this.options.batchSize);
    this.writing = Promise.resolve()
      .then(() => this.insert(batch))
      .catch((err: unknown) => {
        this.options.onDrop('store_failed', batch.length);
        this.options.onError(err);
      })
      .finally(() => {
        this.writing = undefined;
        if (this.queue.length >= this.options.batchSize) void this.flush();
      });
    return this.writing;
  }

  /** At shutdown: write what is queued, giving up after `deadlineMs` (a hung store must not hang shutdown). */
  async close(deadlineMs: number): Promise<void> {
    clearInterval(this.timer);
    const drain = async () => {
      while (this.writing || this.queue.length > 0) await this.flush();
    };
    let timeout: NodeJS.Timeout | undefined;
    await Promise.race([drain(), new Promise<void>((resolve) => (timeout = setTimeout(resolve, deadlineMs)))]);
    clearTimeout(timeout);
    this.closed = true;
    const lost = this.queue.length;
    this.queue = [];
    if (lost > 0) this.options.onDrop('queue_full', lost);
  }
}
