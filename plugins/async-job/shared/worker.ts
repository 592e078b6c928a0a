// The BullMQ side of async jobs (store: redis://): every instance runs a
// worker on one queue. A job's lock lasts `lease_s`; a worker that stops
// renewing it (killed, frozen) loses the job to another instance through
// BullMQ's stalled-job check, up to `max_attempts` starts, then the job is
// failed `instance_lost`. Every state write is fenced with the lock token.
// On drain the worker takes nothing new, lets running jobs finish up to the
// deadline, then hands them back to the queue for another instance.
import { Queue, WaitingError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { internalError, isGatewayError, errorBody, payloadTooLarge, restoreContext, serviceUnavailable, type GatewayContext, type GatewayError, type Lifecycle, type Logger, type Store } from '../../../core/kit.js';
import { instanceLost } from '../failures.js';
import type { AsyncJobOptions } from '../options.js';
import { finish, type JobRecord } from '../record.js';
import { jobResult } from '../results.js';
import type { ResultBudget } from '../result-budget.js';
import { restoreRequest, type JobData, type JobUpload } from './job-data.js';
import { closeBounded } from './close-bounded.js';
import type { Fence, RedisRecords } from './records.js';

export const QUEUE = 'async-jobs';
export const BULL_PREFIX = 'voxgate:bull';
const QUEUED_BYTES = 'async-job:queued-bytes';
const QUEUED_JOBS = 'async-job:queued-jobs';
const DAY_MS = 24 * 3600 * 1000;
const STORE_RETRIES = 10;

const QUEUE_KEY = `${BULL_PREFIX}:${QUEUE}`;
/** How long handing back running jobs (and closing the queue) may take after the drain deadline. */
const HAND_BACK_MS = 2_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Why a running job was stopped on this instance: handed back, not failed. */
class Released extends Error {}

export interface WorkerEvents {
  finished(job: JobRecord): void;
  retried(): void;
  lockLost(): void;
  /** A job reached its final state on this instance (webhooks go out from here). */
  final(job: JobRecord): void;
}

interface Running {
  abort: AbortController;
  fence: Fence;
}

export class SharedJobs {
  readonly queue: Queue<JobData>;
  private worker: Worker<JobData> | undefined;
  private readonly running = new Map<string, Running>();
  private accepting = true;
  private sweeper: NodeJS.Timeout | undefined;

  constructor(
    private readonly connection: () => Redis,
    private readonly records: RedisRecords,
    private readonly store: Store,
    private readonly options: AsyncJobOptions,
    private readonly continueChain: (ctx: GatewayContext) => Promise<void>,
    private readonly budget: ResultBudget,
    private readonly lifecycle: Lifecycle,
    private readonly logger: Logger,
    private readonly events: WorkerEvents,
    readonly instance: string,
  ) {
    this.queue = new Queue<JobData>(QUEUE, { connection: connection(), prefix: BULL_PREFIX });
    this.queue.on('error', (err) => this.logger.warn({ err: err.message }, 'job queue: store error'));
  }

  start(): void {
    const leaseMs = this.options.lease_s * 1000;
    this.worker = new Worker<JobData>(QUEUE, (job, token) => this.process(job, token), {
      connection: this.connection(),
      prefix: BULL_PREFIX,
      concurrency: this.options.concurrency,
      lockDuration: leaseMs,
      stalledInterval: leaseMs,
      // The job is handed on up to max_attempts starts; the start after that fails it (fenced) as instance_lost.
      maxStalledCount: this.options.max_attempts,
      drainDelay: 1,
    });
    this.worker.on('error', (err) => this.logger.warn({ err: err.message }, 'job worker: store error'));
    // Expired results give their bytes back to the result budgets; expired blob files are removed.
    this.sweeper = setInterval(() => {
      void this.budget.releaseExpired().catch((err: Error) => this.logger.warn({ err: err.message }, 'async job upkeep failed'));
      void this.records.blobs.sweep().catch(() => undefined);
    }, this.options.sweep_interval_s * 1000);
    this.sweeper.unref();
    this.worker.on('stalled', (id) => {
      this.events.retried();
      this.logger.warn({ jobId: id }, 'a job lost its worker; it goes back to the queue');
    });
    this.worker.on('lockRenewalFailed', (ids) => {
      for (const id of ids) void this.holdOn(id);
    });
  }

  /** BullMQ could not renew a running job's lock (it expired in a store outage): take it back unless another worker has the job. */
  private async holdOn(id: string): Promise<void> {
    const running = this.running.get(id);
    if (!running) return;
    const held = await this.records.reacquire(running.fence).catch(() => false);
    if (held) this.logger.info({ jobId: id }, 'took back the lock on a running job after a store outage');
    else this.logger.warn({ jobId: id }, "lost the lock on a running job: another worker may run it, and this one's writes will be refused");
  }

  /** Admits a submit: the cluster-wide queued-bytes limit, then the pending record, the upload and the queued job. */
  async submit(record: JobRecord, data: JobData, upload: JobUpload | undefined): Promise<void> {
    if (!this.accepting) throw serviceUnavailable('shutting_down', 'This gateway instance is shutting down and takes no new jobs; retry (another instance will answer).', this.options.retry_after_s);
    const files = this.records.blobs.files;
    if (upload && 'spooledAt' in upload && !files) {
      // Held whole in Redis, an upload too large for memory would be held in Redis's memory.
      throw payloadTooLarge(`This upload is larger than server.max_upload_mb, so it was spooled to disk; async jobs on a shared store keep such uploads only as files: set the async-job plugin's blob_store to file:///<a directory every instance shares>, or send at most server.max_upload_mb.`, 'file');
    }
    const cap = this.options.max_queued_mb * 1024 * 1024;
    const counted = await this.store.increment(QUEUED_JOBS, 1, { windowMs: DAY_MS, cap: this.options.max_queued_jobs, slide: true });
    const held = counted.applied ? await this.store.increment(QUEUED_BYTES, data.bytes, { windowMs: DAY_MS, cap, slide: true }) : undefined;
    if (!held?.applied) {
      if (held) await this.store.increment(QUEUED_JOBS, -1, { windowMs: DAY_MS, slide: true }).catch(() => undefined);
      const what = held ? `${Math.round(held.value / 1024 / 1024)} MB` : `${counted.value} jobs`;
      throw serviceUnavailable('job_queue_full', `The async job queue is full (${what} waiting or running across instances); retry after ${this.options.retry_after_s} s.`, this.options.retry_after_s);
    }
    try {
      if (upload && 'chunks' in upload) await this.records.blobs.put(`input:${record.id}`, upload.chunks, DAY_MS);
      else if (upload) await files!.putFile(`input:${record.id}`, upload.spooledAt, DAY_MS);
      await this.records.create(record);
      // BullMQ's own attempts cover a store error before the job could start (the job's own failures are recorded, not thrown).
      await this.queue.add('job', data, { jobId: record.id, removeOnComplete: true, removeOnFail: true, attempts: STORE_RETRIES, backoff: { type: 'fixed', delay: 1000 } });
    } catch (err) {
      await this.releaseBytes(data.bytes);
      throw err;
    }
  }

  /** The job's upload from the blob store: its bytes, or the path of its file when it was spooled. */
  private async inputOf(data: JobData): Promise<JobUpload | undefined> {
    const key = `input:${data.id}`;
    if (data.request.file?.spooled) {
      const at = await this.records.blobs.files?.pathOf(key);
      return at === undefined ? undefined : { spooledAt: at };
    }
    const chunks = await this.records.blobs.get(key);
    return chunks && { chunks };
  }

  /** Gives back a job's place in the cluster-wide queue limits. */
  private async releaseBytes(bytes: number): Promise<void> {
    await this.store.increment(QUEUED_BYTES, -bytes, { windowMs: DAY_MS, slide: true }).catch(() => undefined);
    await this.store.increment(QUEUED_JOBS, -1, { windowMs: DAY_MS, slide: true }).catch(() => undefined);
  }

  counts(): { processing: number } {
    return { processing: this.running.size };
  }

  private async process(job: Job<JobData>, token: string | undefined): Promise<void> {
    const data = job.data;
    const fence: Fence = { jobId: data.id, lockKey: `${QUEUE_KEY}:${data.id}:lock`, token: token ?? '', activeKey: `${QUEUE_KEY}:active`, stalledKey: `${QUEUE_KEY}:stalled`, leaseMs: this.options.lease_s * 1000 };
    const stored = await this.records.get(data.id);
    // Already final (its last worker wrote the result, then lost the lock before BullMQ heard): nothing to do.
    if (!stored || (stored.status !== 'pending' && stored.status !== 'processing')) return;
    const attempts = stored.attempts ?? 0;
    if (attempts >= this.options.max_attempts) {
      const lost = instanceLost();
      await this.finalWrite(finish(stored, { status: 'failed', status_code: lost.status, error: errorBody(lost, { requestId: data.requestId, requestType: stored.kind }) }), fence, data);
      return;
    }
    // A store error reading the input is thrown: BullMQ tries the job again. A missing input fails it.
    const upload = data.request.type === 'transcription' ? await this.inputOf(data) : undefined;
    let record: JobRecord = { ...stored, status: 'processing', instance: this.instance, attempts: attempts + 1 };
    if (attempts > 0) this.logger.info({ jobId: data.id, attempt: attempts + 1 }, 'running a job another instance lost');
    if (!(await this.records.fencedPut(record, fence))) return;

    const abort = new AbortController();
    this.running.set(data.id, { abort, fence });
    const started = performance.now();
    let failure: GatewayError | undefined;
    let ctx: GatewayContext | undefined;
    try {
      const request = restoreRequest(data, upload);
      if (!request) throw internalError(new Error('the job input expired from the blob store'));
      ctx = restoreContext({ id: data.requestId, route: data.route, headers: data.headers, principal: data.principal, request, signal: abort.signal, bytesIn: data.bytes, clientAddress: data.clientAddress });
      ctx.extraFields.job_id = data.id;
      await this.continueChain(ctx);
      if (!ctx.result) throw internalError(new Error('the chain ended without a result'));
      const result = await jobResult(ctx, ctx.result, this.options.max_result_mb);
      await this.budget.reserve(record.owner, result.bytes, Date.now() + record.ttl_s * 1000);
      if (result.audio) await this.records.putAudio(record.id, result.audio, record.ttl_s * 1000);
      record = finish(record, { status: 'completed', status_code: 200, result: result.result });
    } catch (thrown) {
      if (abort.signal.reason instanceof Released) {
        this.running.delete(data.id);
        return this.release(job, record, fence);
      }
      failure = isGatewayError(thrown) ? thrown : internalError(thrown);
      if (failure.code === 'internal_error') this.logger.error({ err: thrown, jobId: record.id }, 'async job failed unexpectedly');
      record = finish(record, {
        status: 'failed',
        status_code: failure.status,
        error: errorBody(failure, { requestId: data.requestId, requestType: record.kind, provider: ctx?.target.provider, model: ctx?.target.model, extraFields: ctx?.extraFields }),
      });
    } finally {
      this.running.delete(data.id);
    }
    const written = await this.finalWrite(record, fence, data);
    if (written && ctx) {
      this.lifecycle.responded({ requestId: ctx.id, route: `${ctx.route.name}_job`, method: 'JOB', path: `jobs/${record.id}`, status: record.status_code ?? 500, durationMs: performance.now() - started, bytesIn: data.bytes, bytesOut: 0, aborted: false, error: failure, ctx });
    }
  }

  /**
   * The final state, retried with backoff while the store is away (the
   * result waits in this job's memory, bounded by concurrency and
   * max_result_mb); refused for good once another worker holds the job.
   */
  private async finalWrite(record: JobRecord, fence: Fence, data: JobData): Promise<boolean> {
    for (let delay = 100; ; delay = Math.min(delay * 2, 2000)) {
      try {
        if (!(await this.records.fencedPut(record, fence))) {
          this.events.lockLost();
          this.logger.warn({ jobId: record.id, status: record.status }, 'not recording the job: another worker holds it now');
          return false;
        }
        break;
      } catch (err) {
        this.logger.warn({ jobId: record.id, err: (err as Error).message }, 'the store does not answer; retrying the final write');
        await sleep(delay);
      }
    }
    this.events.finished(record);
    await this.records.blobs.delete(`input:${record.id}`).catch(() => undefined);
    await this.releaseBytes(data.bytes);
    this.events.final(record);
    return true;
  }

  /** A running job stopped by the drain goes back to the queue, pending again, for another instance. */
  private async release(job: Job<JobData>, record: JobRecord, fence: Fence): Promise<void> {
    const pending: JobRecord = { ...record, status: 'pending' };
    if (await this.records.fencedPut(pending, fence).catch(() => false)) {
      await job.moveToWait(fence.token);
      this.logger.info({ jobId: record.id }, 'handed a running job back to the queue at shutdown');
      throw new WaitingError();
    }
  }

  /** Stop taking jobs now (submits get 503 shutting_down); queued ones stay for other instances. */
  stopAccepting(): void {
    this.accepting = false;
  }

  /** Running jobs finish up to the deadline; then they are handed back to the queue. */
  async drain(deadlineMs: number): Promise<void> {
    this.accepting = false;
    clearInterval(this.sweeper);
    const worker = this.worker;
    if (worker) {
      const timer = setTimeout(() => {
        for (const running of this.running.values()) running.abort.abort(new Released('handed back at shutdown'));
      }, deadlineMs);
      // Past the deadline the running jobs are handed back; a close still waiting then waits on Redis.
      await closeBounded(worker, deadlineMs + HAND_BACK_MS);
      clearTimeout(timer);
    }
    await closeBounded(this.queue, HAND_BACK_MS);
  }
}
