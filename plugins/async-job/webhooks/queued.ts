// Completion webhooks on the shared store: a BullMQ queue, so any instance
// delivers them, at least once, retried with exponential backoff (backoff_s,
// doubled each retry, up to max_attempts). The delivery state goes on the
// job as `webhook`.
import { Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '../../../core/kit.js';
import type { WebhooksConfig } from '../webhooks-config.js';
import type { JobRecord } from '../record.js';
import type { RedisRecords } from '../shared/records.js';
import { closeBounded } from '../shared/close-bounded.js';
import { accepted, backoffMs, deliveriesFor, nextState, postOnce, type Delivery } from './delivery.js';

/** Each of the worker and the queue gets this long to close before its connection is cut: both fit in a shutdown step. */
const CLOSE_MS = 1_500;

const QUEUE = 'async-webhooks';

export type DeliveryOutcome = 'delivered' | 'failed_attempt' | 'gave_up';

export interface Webhooks {
  start(): void;
  enqueue(record: JobRecord): Promise<void>;
  close(): Promise<void>;
}

export class QueuedWebhooks implements Webhooks {
  private readonly queue: Queue<Delivery>;
  private worker: Worker<Delivery> | undefined;

  constructor(
    private readonly connection: () => Redis,
    private readonly config: WebhooksConfig | undefined,
    private readonly records: RedisRecords,
    private readonly logger: Logger,
    private readonly counted: (outcome: DeliveryOutcome) => void,
    private readonly prefix: string,
  ) {
    this.queue = new Queue<Delivery>(QUEUE, { connection: connection(), prefix });
    this.queue.on('error', (err) => this.logger.warn({ err: err.message }, 'webhook queue: store error'));
  }

  start(): void {
    const config = this.config;
    if (!config) return;
    this.worker = new Worker<Delivery>(QUEUE, (job) => this.deliver(config, job), {
      connection: this.connection(),
      prefix: this.prefix,
      concurrency: 8,
      drainDelay: 1,
      settings: { backoffStrategy: (attemptsMade: number) => backoffMs(config, attemptsMade) },
    });
    this.worker.on('error', (err) => this.logger.warn({ err: err.message }, 'webhook worker: store error'));
    this.worker.on('failed', (job, err) => {
      if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) {
        this.counted('gave_up');
        this.logger.warn({ jobId: job.data.jobId, url: job.data.url, err: err.message }, 'webhook not delivered: out of attempts');
      }
    });
  }

  async enqueue(record: JobRecord): Promise<void> {
    if (!this.config) return;
    for (const [n, d] of deliveriesFor(this.config, record).entries()) {
      await this.queue.add('delivery', d, { jobId: `${record.id}-${n}`, attempts: this.config.max_attempts, backoff: { type: 'custom' }, removeOnComplete: true, removeOnFail: true });
    }
  }

  private async deliver(config: WebhooksConfig, job: Job<Delivery>): Promise<void> {
    const record = await this.records.get(job.data.jobId);
    if (!record) return; // expired before it could be told
    const status = await postOnce(config, job.data, `msg_${job.id}`, record, this.logger);
    await this.records.updateFinished({ ...record, webhook: nextState(record.webhook, status) }).catch(() => undefined);
    this.counted(accepted(status) ? 'delivered' : 'failed_attempt');
    if (!accepted(status)) throw new Error(`the receiver answered ${status || 'nothing'}`);
  }

  async close(): Promise<void> {
    if (this.worker) await closeBounded(this.worker, CLOSE_MS);
    await closeBounded(this.queue, CLOSE_MS);
  }
}
