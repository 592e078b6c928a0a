// async-job: POST /v1/async/audio/{transcriptions,speech} validate like the
// sync routes, answer 202 with a job at once, and run the rest of the chain
// (cache, fallback, provider, logging) in the background; GET the job (or a
// speech job's /content) until it is completed or failed. Jobs live in the
// shared store, so any instance can answer a poll.
import { randomUUID } from 'node:crypto';
import { BF_HEADERS,
  Counter,
  Gauge,
  badRequest,
  clientKeyScope,
  definePlugin,
  forkContext,
  JOB_ID,
  isGatewayError,
  unservableReason,
  wholeSecondsHeader,
  type GatewayContext,
  type GatewayRequest,
  type Next,
  type PluginEnv,
  type PluginHooks,
  type ProviderRegistry,
  type RequestType,
} from '../../core/kit.js';
import { ADMIN_JOB_ROUTE, adminJob } from './admin-job.js';
import { storeUnavailable } from './failures.js';
import { JobStore } from './job-store.js';
import { lookupJob, ownerOf, type JobReader } from './lookup.js';
import { asyncJobSchema, type AsyncJobOptions } from './options.js';
import { publicJob, type JobRecord } from './record.js';
import { JobRunner } from './runner.js';
import { ResultBudget } from './result-budget.js';
import { DOCS, OPENAPI } from './docs.js';
import { WEBHOOKS_SECTION } from './webhooks-config.js';
import { sharedEngine, type SharedEngine } from './shared/engine.js';
import { jobData, jobUploadOf } from './shared/job-data.js';
import { checkWebhookUrl } from './webhooks/delivery.js';
import { InProcessWebhooks } from './webhooks/in-process.js';

const SEGMENT: Record<RequestType, string> = { transcription: 'transcriptions', speech: 'speech' };
const ACTIONS: Readonly<Record<string, { kind: RequestType; content: boolean }>> = {
  async_transcription_get: { kind: 'transcription', content: false },
  async_speech_get: { kind: 'speech', content: false },
  async_speech_content: { kind: 'speech', content: true },
};

class AsyncJobs implements PluginHooks {
  private readonly options: AsyncJobOptions;
  private readonly providers: ProviderRegistry;
  private readonly jobs: JobStore;
  readonly runner: JobRunner;
  private readonly budget: ResultBudget;
  /** The BullMQ engine when the store is Redis; absent with memory://, which keeps the in-process queue. */
  private readonly shared: SharedEngine | undefined;
  private readonly env: PluginEnv<AsyncJobOptions>;

  constructor(env: PluginEnv<AsyncJobOptions>) {
    const { options, store, providers, routes, lifecycle, logger, metrics: registry } = env;
    this.env = env;
    this.options = options;
    this.providers = providers;
    this.jobs = new JobStore(store, randomUUID(), options.lease_s * 1000);
    this.budget = new ResultBudget(store, options);
    const finished = new Counter({ name: 'voxgate_async_jobs_finished_total', help: 'Jobs this instance finished, by kind and status.', labelNames: ['kind', 'status'], registers: [registry] });
    const deliveries = new Counter({ name: 'voxgate_webhook_deliveries_total', help: 'Webhook delivery attempts by this instance, by outcome (delivered, failed_attempt, gave_up).', labelNames: ['outcome'], registers: [registry] });
    const delivered = (outcome: string) => deliveries.inc({ outcome });
    this.shared = store.kind === 'redis' ? sharedEngine(env, this.budget, this.jobs.instance, finished, delivered) : undefined;
    const hooks = this.shared ? undefined : new InProcessWebhooks(WEBHOOKS_SECTION.read(env.config), this.jobs, logger, delivered);
    if (hooks) lifecycle.onClose(() => hooks.close());
    this.runner = new JobRunner(options, this.jobs, lifecycle, logger, this.budget, (job) => {
      finished.inc({ kind: job.kind, status: job.status });
      void hooks?.enqueue(job);
    });
    const runner = this.runner;
    const shared = this.shared;
    new Gauge({
      name: 'voxgate_async_jobs',
      help: "This instance's unfinished jobs, by state (pending: waiting in its queue).",
      labelNames: ['state'],
      registers: [registry],
      collect() {
        const { pending, processing } = runner.counts();
        this.set({ state: 'pending' }, pending);
        this.set({ state: 'processing' }, processing + (shared?.jobs.counts().processing ?? 0));
      },
    });
    new Gauge({
      name: 'voxgate_async_queued_bytes',
      help: 'Upload bytes held by this instance for waiting or running jobs.',
      registers: [registry],
      collect() {
        this.set(runner.counts().bytes);
      },
    });
    for (const kind of ['transcription', 'speech'] as const) {
      const base = `/v1/async/audio/${SEGMENT[kind]}`;
      routes.add({ name: `async_${kind}`, paths: [base], requestType: kind, mode: 'async', doc: DOCS.submit(kind) });
      routes.addAction({ name: `async_${kind}_get`, method: 'GET', paths: [`${base}/:job_id`], requestType: kind, doc: DOCS.get(kind) });
    }
    routes.addAction(ADMIN_JOB_ROUTE);
    routes.addAction({ name: 'async_speech_content', method: 'GET', paths: ['/v1/async/audio/speech/:job_id/content'], requestType: 'speech', doc: DOCS.content });
    lifecycle.onClose(() => this.runner.drain());
    if (shared) lifecycle.onDrain(() => shared.jobs.drain(options.shutdown_deadline_s * 1000));
  }

  start(): void {
    if (this.shared) {
      this.shared.jobs.start();
      this.shared.webhooks.start();
    } else this.runner.start();
  }

  async handle(ctx: GatewayContext, next: Next): Promise<void> {
    const { request } = ctx;
    if (request.type === 'action') {
      if (request.action === ADMIN_JOB_ROUTE.name) {
        ctx.result = await adminJob(ctx, this.reader(), request.params.job_id ?? '', this.options.retry_after_s);
        return;
      }
      const action = ACTIONS[request.action];
      if (!action) return next();
      ctx.result = await lookupJob(ctx, this.reader(), action.kind, request.params.job_id ?? '', action.content, this.options.retry_after_s);
      return;
    }
    if (ctx.route.mode !== 'async') return next();
    await this.submit(ctx, next, request);
  }

  /** Where jobs are read: the shared queue's records, or this instance's store. */
  private reader(): JobReader {
    return this.shared?.records ?? this.jobs;
  }

  private async submit(ctx: GatewayContext, next: Next, request: GatewayRequest): Promise<void> {
    this.refuseStreaming(request);
    const ttl_s = this.resultTtl(ctx.headers[BF_HEADERS.asyncJobResultTtl]);
    this.refuseUnservable(request, ctx);
    // What the plugins after this one would refuse (fallback's too_many_fallbacks) is refused now, not after a 202.
    await next.validate();
    const webhookUrl = checkWebhookUrl(WEBHOOKS_SECTION.read(this.env.config), ctx.headers[BF_HEADERS.webhookUrl]);
    if (this.shared) return this.submitShared(ctx, request, ttl_s, webhookUrl);
    const owner = ownerOf(ctx);
    try {
      await this.budget.admit(owner);
    } catch (err) {
      throw isGatewayError(err) ? err : storeUnavailable(this.options.retry_after_s);
    }
    // Memory held for the job: a spooled upload is on disk (bounded by long_audio.max_spool_gb), not in the queue's bytes.
    const bytes = request.type === 'transcription' ? (request.file.spool ? 0 : request.file.size) : Buffer.byteLength(request.input);
    this.runner.admit(bytes);

    const record: JobRecord = { id: randomUUID(), kind: request.type, status: 'pending', created_at: new Date().toISOString(), owner, ttl_s, instance: this.jobs.instance, webhook_url: webhookUrl };
    // A spooled upload outlives this request: the job holds its file until it is done.
    const release = request.type === 'transcription' ? request.file.spool?.retain() : undefined;
    try {
      await this.jobs.put(record);
    } catch {
      this.runner.release(bytes);
      release?.();
      throw storeUnavailable(this.options.retry_after_s);
    }
    // The job runs on its own context: it outlives this request, and its signal is the job's.
    const abort = new AbortController();
    const jobCtx = forkContext(ctx, { signal: abort.signal });
    JOB_ID.set(jobCtx, record.id);
    this.runner.submit({ record, ctx: jobCtx, abort, next: next.detach(), bytes, started: false, release });

    this.accepted(ctx, record);
  }

  private accepted(ctx: GatewayContext, record: JobRecord): void {
    JOB_ID.set(ctx, record.id);
    ctx.responseHeaders.location = `/v1/async/audio/${SEGMENT[record.kind]}/${record.id}`;
    ctx.result = { type: 'json', status: 202, body: publicJob(record) };
  }

  /** Redis store: the input and the job go to the shared queue before the 202, so any instance can run it. */
  private async submitShared(ctx: GatewayContext, request: GatewayRequest, ttl_s: number, webhookUrl: string | undefined): Promise<void> {
    if (clientKeyScope(ctx) !== undefined) {
      throw badRequest('client_key_not_supported', 'An async job on a shared store cannot use your own provider key (it would have to be stored); use the sync route, or a configured key.');
    }
    const owner = ownerOf(ctx);
    const shared = this.shared!;
    const id = randomUUID();
    const bytes = request.type === 'transcription' ? request.file.size : Buffer.byteLength(request.input);
    const record: JobRecord = { id, kind: request.type, status: 'pending', created_at: new Date().toISOString(), owner, ttl_s, instance: shared.jobs.instance, attempts: 0, webhook_url: webhookUrl };
    try {
      await this.budget.admit(owner);
      await shared.jobs.submit(record, jobData(ctx, request, id, bytes, webhookUrl), request.type === 'transcription' ? jobUploadOf(request.file) : undefined);
    } catch (err) {
      throw isGatewayError(err) ? err : storeUnavailable(this.options.retry_after_s);
    }
    this.accepted(ctx, record);
  }

  private refuseStreaming(request: GatewayRequest): void {
    if (request.type === 'transcription' && request.stream) {
      throw badRequest('streaming_not_supported', 'Streaming is not supported for async requests; leave stream unset, or use the sync route.', 'stream');
    }
    if (request.type === 'speech' && request.stream_format === 'sse') {
      throw badRequest('streaming_not_supported', 'Streaming is not supported for async requests; leave stream_format unset, or use the sync route.', 'stream_format');
    }
  }

  /** x-bf-async-job-result-ttl: whole seconds, 1 to max_ttl_s. */
  private resultTtl(header: string | undefined): number {
    return wholeSecondsHeader(header, BF_HEADERS.asyncJobResultTtl, this.options.max_ttl_s, 'invalid_job_ttl') ?? this.options.default_ttl_s;
  }

  /** Bad input is a 4xx now, not a failed job later: some target must be able to serve the request. */
  private refuseUnservable(request: GatewayRequest, ctx: GatewayContext): void {
    const reasons = [request.model, ...request.fallbacks].map((model) => unservableReason(this.providers, { ...request, model }, ctx));
    if (reasons.every((r) => r !== undefined)) throw reasons[0]!;
  }
}

export default definePlugin<AsyncJobOptions>({
  name: 'async-job',
  options: asyncJobSchema,
  config: WEBHOOKS_SECTION,
  openapi: OPENAPI,
  setup(env) {
    const jobs = new AsyncJobs(env);
    jobs.start();
    return jobs;
  },
});
