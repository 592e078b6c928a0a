// Completion webhooks with the memory store: the same deliveries, signature,
// backoff and delivery state, from timers in this process (there is no other
// instance to hand them to; pending retries end with the process).
import type { Logger } from '../../../core/kit.js';
import type { WebhooksConfig } from '../webhooks-config.js';
import type { JobStore } from '../job-store.js';
import type { JobRecord } from '../record.js';
import { accepted, backoffMs, deliveriesFor, nextState, postOnce, type Delivery } from './delivery.js';
import type { DeliveryOutcome, Webhooks } from './queued.js';

export class InProcessWebhooks implements Webhooks {
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(
    private readonly config: WebhooksConfig | undefined,
    private readonly jobs: JobStore,
    private readonly logger: Logger,
    private readonly counted: (outcome: DeliveryOutcome) => void,
  ) {}

  start(): void {}

  async enqueue(record: JobRecord): Promise<void> {
    if (!this.config) return;
    for (const [n, d] of deliveriesFor(this.config, record).entries()) this.later(this.config, d, `msg_${record.id}-${n}`, 1, 0);
  }

  private later(config: WebhooksConfig, d: Delivery, id: string, attempt: number, delayMs: number): void {
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.attempt(config, d, id, attempt).catch((err: Error) => this.logger.warn({ jobId: d.jobId, err: err.message }, 'webhook delivery failed'));
    }, delayMs);
    timer.unref();
    this.timers.add(timer);
  }

  private async attempt(config: WebhooksConfig, d: Delivery, id: string, attempt: number): Promise<void> {
    const record = await this.jobs.get(d.jobId);
    if (!record) return;
    const status = await postOnce(config, d, id, record, this.logger);
    await this.jobs.put({ ...record, webhook: nextState(record.webhook, status) });
    this.counted(accepted(status) ? 'delivered' : 'failed_attempt');
    if (accepted(status)) return;
    if (attempt >= config.max_attempts) {
      this.counted('gave_up');
      this.logger.warn({ jobId: d.jobId, url: d.url }, 'webhook not delivered: out of attempts');
      return;
    }
    this.later(config, d, id, attempt + 1, backoffMs(config, attempt));
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
  }
}
