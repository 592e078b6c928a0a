// The async-job plugin's options (its entry in `plugins:`), typed from their schema.
import type { OptionsOf } from '../../core/kit.js';

export const asyncJobSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    concurrency: { type: 'integer', minimum: 1, maximum: 1024, default: 8, description: 'Jobs run at once by this instance.' },
    default_ttl_s: { type: 'integer', minimum: 1, default: 3600, description: 'How long a finished job stays readable, unless x-bf-async-job-result-ttl says otherwise.' },
    max_ttl_s: { type: 'integer', minimum: 1, default: 604_800, description: 'The longest x-bf-async-job-result-ttl accepted.' },
    max_queued_jobs: { type: 'integer', minimum: 1, default: 256, description: 'Jobs waiting or running in this instance; past it submits get 503 + Retry-After.' },
    max_queued_mb: { type: 'number', exclusiveMinimum: 0, default: 512, description: 'Upload bytes held for waiting or running jobs; past it submits get 503 + Retry-After.' },
    max_result_mb: { type: 'number', exclusiveMinimum: 0, default: 50, description: 'The largest speech audio a job stores as its result.' },
    max_result_mb_per_key: { type: 'number', exclusiveMinimum: 0, default: 256, description: 'Finished results one principal may have stored at once; past it its submits get 429 result_budget_exceeded.' },
    max_stored_results_mb: { type: 'number', exclusiveMinimum: 0, default: 1024, description: 'Finished results stored at once, every principal together; past it submits get 503 result_storage_full.' },
    retry_after_s: { type: 'integer', minimum: 1, default: 5, description: 'Retry-After on a refused submit.' },
    heartbeat_s: { type: 'number', exclusiveMinimum: 0, default: 5, description: 'How often this instance says it is alive.' },
    lease_s: { type: 'number', exclusiveMinimum: 0, default: 30, description: 'An instance silent this long is dead: its unfinished jobs are marked failed by another.' },
    sweep_interval_s: { type: 'number', exclusiveMinimum: 0, default: 10, description: 'How often to look for jobs of dead instances.' },
    shutdown_deadline_s: { type: 'number', minimum: 0, default: 30, description: 'On shutdown, how long running jobs may take before they are marked failed.' },
  },
} as const;

export type AsyncJobOptions = OptionsOf<typeof asyncJobSchema>;
