// Runs jobs in the background on a p-queue: admission within the queue's
// job and byte limits, pending → processing → completed | failed, the
// instance heartbeat, the sweep for jobs of dead instances, and a drain on
// shutdown that marks what could not finish as failed.
import PQueue from 'p-queue';
import type { GatewayContext } from '../../core/kit.js';
import { internalError, isGatewayError, serviceUnavailable, type GatewayError } from '../../core/kit.js';
import { errorBody, exchangeRecord } from '../../core/kit.js';
import type { Lifecycle } from '../../core/kit.js';
import type { Logger } from '../../core/kit.js';
import { failedRecord, gatewayShutdown, instanceLost } from './failures.js';
import type { JobStore } from './job-store.js';
import type { AsyncJobOptions } from './options.js';
import { finish, isActive, type JobRecord } from './record.js';
import { jobResult } from './results.js';
import type { ResultBudget } from './result-budget.js';
import { chunkProgress } from '../../core/kit.js';

export interface Job {
  record: JobRecord;
  /** The job's own context: its signal is the job's, not the HTTP request's. */
  ctx: GatewayContext;
  abort: AbortController;
  /** The rest of the chain, detached from the request that submitted the job. */
  next: (onto: GatewayContext) => Promise<void>;
  /** Bytes charged to the queue (the upload, or the speech input). */
  bytes: number;
  started: boolean;
  /** Lets go of a spooled upload once the job is done with it. */
  release?: () => void;
}

export class JobRunner {
  private readonly queue: PQueue;
  private readonly jobs = new Map<string, Job>();
  private heldBytes = 0;
  private accepting = true;
  private timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly options: AsyncJobOptions,
    private readonly store: JobStore,
    private readonly lifecycle: Lifecycle,
    private readonly logger: Logger,
    private readonly budget: ResultBudget,
    /** Told of every job this instance finishes (for metrics). */
    private readonly onFinish: (job: JobRecord) => void = () => undefined,
  ) {
    this.queue = new PQueue({ concurrency: options.concurrency });
  }

  /** This instance's jobs: waiting in the queue, running, and the upload bytes they hold. */
  counts(): { pending: number; processing: number; bytes: number } {
    let processing = 0;
    for (const job of this.jobs.values()) if (job.started) processing += 1;
    return { pending: this.jobs.size - processing, processing, bytes: this.heldBytes };
  }

  /** Refuses (503 + Retry-After) a job that would pass the queue's limits; else reserves its bytes. */
  admit(bytes: number): void {
    if (!this.accepting) throw serviceUnavailable('shutting_down', 'This gateway instance is shutting down and takes no new jobs; retry (another instance will answer).', this.options.retry_after_s);
    const maxBytes = this.options.max_queued_mb * 1024 * 1024;
    if (this.jobs.size >= this.options.max_queued_jobs || this.heldBytes + bytes > maxBytes) {
      throw serviceUnavailable(
        'job_queue_full',
        `The async job queue is full (${this.jobs.size} jobs, ${Math.round(this.heldBytes / 1024 / 1024)} MB waiting or running); retry after ${this.options.retry_after_s} s.`,
        this.options.retry_after_s,
      );
    }
    this.heldBytes += bytes;
  }

  release(bytes: number): void {
    this.heldBytes = Math.max(0, this.heldBytes - bytes);
  }

  submit(job: Job): void {
    this.jobs.set(job.record.id, job);
    this.queue.add(() => this.run(job)).catch((err: unknown) => this.logger.error({ err, jobId: job.record.id }, 'async job runner failed'));
  }

  private async run(job: Job): Promise<void> {
    if (job.abort.signal.aborted) return job.release?.(); // failed by the drain before it started
    job.started = true;
    const started = performance.now();
    let record: JobRecord = { ...job.record, status: 'processing' };
    let failure: GatewayError | undefined;
    // A long upload split into chunks reports its progress on the record (saved in order, in the background).
    let saving = Promise.resolve();
    chunkProgress.set(job.ctx, (progress) => {
      record = { ...record, progress };
      const snapshot = record;
      saving = saving.then(() => (isActive(snapshot) ? this.save(snapshot) : undefined));
    });
    try {
      await this.save(record);
      await job.next(job.ctx);
      if (!job.ctx.result) throw internalError(new Error('the chain ended without a result'));
      const stored = await jobResult(job.ctx, job.ctx.result, this.options.max_result_mb);
      // Within the result budgets, or the job fails with the budget's error: never an unbounded store.
      await this.budget.reserve(record.owner, stored.bytes, Date.now() + record.ttl_s * 1000);
      if (stored.audio) await this.store.putAudio(record.id, stored.audio, record.ttl_s * 1000);
      record = finish(record, { status: 'completed', status_code: 200, result: stored.result });
    } catch (thrown) {
      failure = job.abort.signal.aborted && isGatewayError(job.abort.signal.reason) ? job.abort.signal.reason : isGatewayError(thrown) ? thrown : internalError(thrown);
      if (failure.code === 'internal_error') this.logger.error({ err: thrown, jobId: record.id }, 'async job failed unexpectedly');
      const { target, extraFields, id } = job.ctx;
      record = finish(record, {
        status: 'failed',
        status_code: failure.status,
        error: errorBody(failure, { requestId: id, requestType: record.kind, provider: target.provider, model: target.model, extraFields }),
      });
    } finally {
      this.jobs.delete(record.id);
      this.release(job.bytes);
      job.release?.();
    }
    await saving;
    await this.save(record);
    this.onFinish(record);
    this.lifecycle.responded(
      exchangeRecord({
        requestId: job.ctx.id,
        route: `${job.ctx.route.name}_job`,
        method: 'JOB',
        path: `jobs/${record.id}`,
        status: record.status_code ?? 500,
        startedAt: started,
        bytesIn: job.bytes,
        bytesOut: 0,
        aborted: false,
        error: failure,
        ctx: job.ctx,
      }),
    );
  }

  /** Store writes in the background are retried a few times; a lost result is logged loudly. */
  private async save(record: JobRecord): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.store.put(record);
      } catch (err) {
        if (attempt >= 5) {
          this.logger.error({ jobId: record.id, status: record.status, err: (err as Error).message }, 'cannot record the job in the store');
          return;
        }
        await new Promise((r) => setTimeout(r, 200 * attempt));
      }
    }
  }

  /** Heartbeat and sweep, until the drain. */
  start(): void {
    const every = (seconds: number, task: () => Promise<unknown>) => {
      const timer = setInterval(() => void task().catch((err: Error) => this.logger.warn({ err: err.message }, 'async job upkeep failed')), seconds * 1000);
      timer.unref();
      this.timers.push(timer);
    };
    void this.store.heartbeat().catch(() => undefined);
    every(this.options.heartbeat_s, () => this.store.heartbeat());
    every(this.options.sweep_interval_s, () => this.sweep());
  }

  /** Marks failed the unfinished jobs whose instance no longer says it is alive. */
  async sweep(): Promise<number> {
    await this.budget.releaseExpired();
    let marked = 0;
    for (const id of await this.store.activeIds()) {
      const record = await this.store.get(id);
      if (!record || !isActive(record)) {
        await this.store.forget(id);
      } else if (record.instance !== this.store.instance && !(await this.store.alive(record.instance))) {
        await this.save(failedRecord(record, instanceLost(), id));
        this.logger.warn({ jobId: id, instance: record.instance }, 'marked failed: its instance stopped');
        marked += 1;
      }
    }
    return marked;
  }

  /** On shutdown: no new jobs, running ones get until the deadline, the rest are marked failed. */
  async drain(): Promise<void> {
    this.accepting = false;
    const deadline = new Promise<'deadline'>((resolve) => setTimeout(() => resolve('deadline'), this.options.shutdown_deadline_s * 1000).unref());
    if ((await Promise.race([this.queue.onIdle().then(() => 'idle' as const), deadline])) === 'deadline') {
      this.queue.clear();
      for (const job of this.jobs.values()) {
        job.abort.abort(gatewayShutdown());
        if (!job.started) {
          this.jobs.delete(job.record.id);
          job.release?.();
          await this.save(failedRecord(job.record, gatewayShutdown(), job.ctx.id));
        }
      }
      // Running jobs unwind on the abort and record their failure themselves.
      await Promise.race([this.queue.onIdle(), new Promise((r) => setTimeout(r, 5000).unref())]);
    }
    for (const timer of this.timers) clearInterval(timer);
    await this.store.retire().catch(() => undefined);
  }
}
