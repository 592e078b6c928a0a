// Completion webhooks (config `webhooks:`), sent from a BullMQ queue so any
// instance delivers them, at least once, retried with exponential backoff
// (backoff_s, doubled each retry, up to max_attempts). Signed per the
// Standard Webhooks spec: webhook-id, webhook-timestamp and
// webhook-signature = v1,base64(HMAC-SHA256(secret, id.timestamp.body)).
// The delivery state goes on the job as `webhook`.
import { createHmac } from 'node:crypto';
import { Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { badRequest, type Logger, type WebhooksConfig } from '../../../core/kit.js';
import { publicJob, type JobRecord } from '../record.js';
import type { RedisRecords } from './records.js';

const QUEUE = 'async-webhooks';
const DELIVERY_TIMEOUT_MS = 10_000;

interface Delivery {
  jobId: string;
  url: string;
  /** Index into webhooks.endpoints; -1 for the job's own x-bf-webhook-url. */
  endpoint: number;
  event: 'async_job.completed' | 'async_job.failed';
}

/** Standard Webhooks signature of `body` for message `id` at `timestamp` (seconds). */
export function sign(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

/** The per-job URL, refused (400) unless its host is in webhooks.allowed_hosts: loopback and private hosts only when listed. */
export function checkWebhookUrl(config: WebhooksConfig | undefined, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const refuse = (why: string) => badRequest('invalid_webhook_url', `x-bf-webhook-url ${why}`, 'x-bf-webhook-url');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw refuse('is not a URL.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw refuse('must be http or https.');
  if (url.username || url.password) throw refuse('must not carry credentials.');
  const allowed = config?.allowed_hosts ?? [];
  if (!allowed.includes(url.hostname)) throw refuse(`names host "${url.hostname.slice(0, 100)}", which webhooks.allowed_hosts does not list.`);
  if (!config?.secret && !config?.endpoints[0]) throw refuse('needs webhooks.secret in the gateway config to sign deliveries.');
  return url.toString();
}

export interface WebhookEvents {
  delivered(outcome: 'delivered' | 'failed_attempt' | 'gave_up'): void;
}

export class Webhooks {
  private readonly queue: Queue<Delivery>;
  private worker: Worker<Delivery> | undefined;

  constructor(
    private readonly connection: () => Redis,
    private readonly config: WebhooksConfig | undefined,
    private readonly records: RedisRecords,
    private readonly logger: Logger,
    private readonly events: WebhookEvents,
    prefix: string,
  ) {
    this.queue = new Queue<Delivery>(QUEUE, { connection: connection(), prefix });
    this.queue.on('error', (err) => this.logger.warn({ err: err.message }, 'webhook queue: store error'));
    this.prefix = prefix;
  }

  private readonly prefix: string;

  start(): void {
    if (!this.config) return;
    this.worker = new Worker<Delivery>(QUEUE, (job) => this.deliver(job), {
      connection: this.connection(),
      prefix: this.prefix,
      concurrency: 8,
      drainDelay: 1,
      settings: { backoffStrategy: (attemptsMade: number) => this.config!.backoff_s * 1000 * 2 ** (attemptsMade - 1) },
    });
    this.worker.on('error', (err) => this.logger.warn({ err: err.message }, 'webhook worker: store error'));
    this.worker.on('failed', (job, err) => {
      if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) {
        this.events.delivered('gave_up');
        this.logger.warn({ jobId: job.data.jobId, url: job.data.url, err: err.message }, 'webhook not delivered: out of attempts');
      }
    });
  }

  /** Queues the job's event for every endpoint that takes it, and its own URL. */
  async enqueue(record: JobRecord, ownUrl: string | undefined): Promise<void> {
    if (!this.config) return;
    const event = record.status === 'completed' ? 'async_job.completed' : 'async_job.failed';
    const deliveries: Delivery[] = [];
    this.config.endpoints.forEach((e, i) => {
      if (e.events.includes(event)) deliveries.push({ jobId: record.id, url: e.url, endpoint: i, event });
    });
    if (ownUrl) deliveries.push({ jobId: record.id, url: ownUrl, endpoint: -1, event });
    for (const [n, d] of deliveries.entries()) {
      await this.queue.add('delivery', d, {
        jobId: `${record.id}-${n}`,
        attempts: this.config.max_attempts,
        backoff: { type: 'custom' },
        removeOnComplete: true,
        removeOnFail: true,
      });
    }
  }

  private secretFor(d: Delivery): string {
    const config = this.config!;
    return d.endpoint >= 0 ? config.endpoints[d.endpoint]!.secret : (config.secret ?? config.endpoints[0]!.secret);
  }

  private async deliver(job: Job<Delivery>): Promise<void> {
    const d = job.data;
    const record = await this.records.get(d.jobId);
    if (!record) return; // expired before it could be told
    const id = `msg_${job.id}`;
    const timestamp = Math.floor(Date.now() / 1000);
    const body = JSON.stringify({ type: d.event, timestamp: new Date(timestamp * 1000).toISOString(), data: publicJob({ ...record, webhook: undefined }) });
    let status = 0;
    try {
      const res = await fetch(d.url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
        headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': sign(this.secretFor(d), id, timestamp, body) },
        body,
      });
      status = res.status;
      await res.body?.cancel();
    } catch (err) {
      this.logger.warn({ jobId: d.jobId, url: d.url, err: (err as Error).message }, 'webhook delivery failed');
    }
    const ok = status >= 200 && status < 300;
    const attempts = (record.webhook?.attempts ?? 0) + 1;
    const webhook = { attempts, last_status: status, ...(ok ? { delivered_at: new Date().toISOString() } : record.webhook?.delivered_at ? { delivered_at: record.webhook.delivered_at } : {}) };
    await this.records.updateFinished({ ...record, webhook }).catch(() => undefined);
    this.events.delivered(ok ? 'delivered' : 'failed_attempt');
    if (!ok) throw new Error(`the receiver answered ${status || 'nothing'}`);
  }

  async close(): Promise<void> {
    await this.worker?.close();
    await this.queue.close();
  }
}
