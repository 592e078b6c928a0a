// The shared engine (store: redis://): Redis connections from store.url, the
// records and blobs, the BullMQ job worker, the webhook sender and their
// metrics, wired once per instance.
import { Redis } from 'ioredis';
import { Counter, Gauge, type GatewayContext, type PluginEnv } from '../../../core/kit.js';
import type { AsyncJobOptions } from '../options.js';
import type { ResultBudget } from '../result-budget.js';
import { FileBlobs, RedisBlobs } from './blobs.js';
import { RedisRecords } from './records.js';
import { QueuedWebhooks, type DeliveryOutcome, type Webhooks } from '../webhooks/queued.js';
import { WEBHOOKS_SECTION } from '../webhooks-config.js';
import { BULL_PREFIX, SharedJobs } from './worker.js';

export interface SharedEngine {
  records: RedisRecords;
  jobs: SharedJobs;
  webhooks: Webhooks;
}

export function sharedEngine(env: PluginEnv<AsyncJobOptions>, budget: ResultBudget, instance: string, finished: Counter<'kind' | 'status'>, delivered: (outcome: DeliveryOutcome) => void): SharedEngine {
  const { options, config, logger, metrics: registry } = env;
  const url = config.store.url;
  const connections: Redis[] = [];
  // BullMQ's connections wait out an outage (maxRetriesPerRequest: null); the records client fails fast so requests get 503.
  const bullConnection = () => {
    const c = new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: false });
    c.on('error', () => undefined);
    connections.push(c);
    return c;
  };
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  client.on('error', () => undefined);
  connections.push(client);
  const blobs = options.blob_store === 'redis' ? new RedisBlobs(client) : new FileBlobs(options.blob_store);
  const records = new RedisRecords(client, blobs);

  const retries = new Counter({ name: 'voxgate_async_job_retries_total', help: 'Jobs handed to another worker after theirs stopped renewing its lock (seen by this instance).', registers: [registry] });
  const lockLost = new Counter({ name: 'voxgate_async_job_lost_locks_total', help: "This instance's jobs whose lock passed to another worker (their writes were refused).", registers: [registry] });
  const webhooks = new QueuedWebhooks(bullConnection, WEBHOOKS_SECTION.read(config), records, logger, delivered, BULL_PREFIX);
  const jobs = new SharedJobs(bullConnection, records, env.store, options, (ctx: GatewayContext) => env.continueChain(ctx), budget, env.lifecycle, logger, {
    finished: (job) => finished.inc({ kind: job.kind, status: job.status }),
    retried: () => retries.inc(),
    lockLost: () => lockLost.inc(),
    final: (job) => {
      void webhooks.enqueue(job).catch((err: Error) => logger.warn({ jobId: job.id, err: err.message }, 'could not queue the webhook'));
    },
  }, instance);
  new Gauge({
    name: 'voxgate_async_jobs_queue',
    help: 'Jobs in the shared queue, by state (every instance together).',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      try {
        const counts = await jobs.queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
        for (const [state, n] of Object.entries(counts)) this.set({ state }, n);
      } catch {
        // the store is away: keep the last figures
      }
    },
  });
  env.lifecycle.onClose(async () => {
    try {
      await webhooks.close();
    } finally {
      for (const c of connections) c.disconnect();
    }
  });
  return { records, jobs, webhooks };
}
