// One completion webhook delivery, whatever queue it comes from: where a
// finished job's event goes (config `webhooks.endpoints` and the job's own
// x-bf-webhook-url, checked against `webhooks.allowed_hosts` at submit), the
// Standard Webhooks signature (webhook-id, webhook-timestamp,
// webhook-signature = v1,base64(HMAC-SHA256(secret, id.timestamp.body))),
// one POST, and the delivery state it leaves on the job.
import { createHmac } from 'node:crypto';
import { BF_HEADERS, badRequest, type Logger } from '../../../core/kit.js';
import type { WebhooksConfig } from '../webhooks-config.js';
import { publicJob, type JobRecord } from '../record.js';

const DELIVERY_TIMEOUT_MS = 10_000;

export type WebhookEvent = 'async_job.completed' | 'async_job.failed';

export interface Delivery {
  jobId: string;
  url: string;
  /** Index into webhooks.endpoints; -1 for the job's own x-bf-webhook-url. */
  endpoint: number;
  event: WebhookEvent;
}

export type WebhookState = NonNullable<JobRecord['webhook']>;

/** Standard Webhooks signature of `body` for message `id` at `timestamp` (seconds). */
export function sign(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

/** The per-job URL, refused (400) unless its host is in webhooks.allowed_hosts: loopback and private hosts only when listed. */
export function checkWebhookUrl(config: WebhooksConfig | undefined, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const refuse = (why: string) => badRequest('invalid_webhook_url', `${BF_HEADERS.webhookUrl} ${why}`, BF_HEADERS.webhookUrl);
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

/** Every delivery a finished job is owed: the endpoints that take its event, and its own URL. */
export function deliveriesFor(config: WebhooksConfig, record: JobRecord): Delivery[] {
  const event: WebhookEvent = record.status === 'completed' ? 'async_job.completed' : 'async_job.failed';
  const deliveries: Delivery[] = [];
  config.endpoints.forEach((e, i) => {
    if (e.events.includes(event)) deliveries.push({ jobId: record.id, url: e.url, endpoint: i, event });
  });
  if (record.webhook_url) deliveries.push({ jobId: record.id, url: record.webhook_url, endpoint: -1, event });
  return deliveries;
}

const secretFor = (config: WebhooksConfig, d: Delivery): string => (d.endpoint >= 0 ? config.endpoints[d.endpoint]!.secret : (config.secret ?? config.endpoints[0]!.secret));

/** Wait before retry `n` (1-based): backoff_s, doubled each retry. */
export const backoffMs = (config: WebhooksConfig, n: number): number => config.backoff_s * 1000 * 2 ** (n - 1);

/** One POST of the job's event; its HTTP status, 0 when the receiver did not answer. The payload is the job without audio bytes. */
export async function postOnce(config: WebhooksConfig, d: Delivery, messageId: string, record: JobRecord, logger: Logger): Promise<number> {
  const timestamp = Math.floor(Date.now() / 1000);
  const body = JSON.stringify({ type: d.event, timestamp: new Date(timestamp * 1000).toISOString(), data: publicJob({ ...record, webhook: undefined }) });
  try {
    const res = await fetch(d.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      headers: { 'content-type': 'application/json', 'webhook-id': messageId, 'webhook-timestamp': String(timestamp), 'webhook-signature': sign(secretFor(config, d), messageId, timestamp, body) },
      body,
    });
    await res.body?.cancel();
    return res.status;
  } catch (err) {
    logger.warn({ jobId: d.jobId, url: d.url, err: (err as Error).message }, 'webhook delivery failed');
    return 0;
  }
}

export const accepted = (status: number): boolean => status >= 200 && status < 300;

/** The job's delivery state after one more attempt. */
export function nextState(previous: WebhookState | undefined, status: number, now = new Date()): WebhookState {
  const delivered_at = accepted(status) ? now.toISOString() : previous?.delivered_at;
  return { attempts: (previous?.attempts ?? 0) + 1, last_status: status, ...(delivered_at ? { delivered_at } : {}) };
}
