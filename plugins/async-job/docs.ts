// How the async-job routes appear in the OpenAPI document, and the Job
// schema they answer with (added to the document by the plugin).
import { BF_HEADERS } from '../../core/kit.js';
import type { OpenApiFragment, RequestType, RouteDoc } from '../../core/kit.js';

const jobSchema = {
  type: 'object',
  required: ['id', 'status', 'created_at'],
  properties: {
    id: { type: 'string' },
    status: { enum: ['pending', 'processing', 'completed', 'failed'] },
    created_at: { type: 'string', format: 'date-time' },
    completed_at: { type: 'string', format: 'date-time' },
    expires_at: { type: 'string', format: 'date-time' },
    status_code: { type: 'integer', description: 'The status the sync call would have answered.' },
    result: { description: 'The sync answer as JSON.' },
    error: { $ref: '#/components/schemas/Error' },
    attempts: { type: 'integer', description: 'How many workers started the job (redis store): more than 1 when its first worker was lost.' },
    webhook: {
      type: 'object',
      description: 'Completion webhook delivery state, once one was tried.',
      properties: { attempts: { type: 'integer' }, last_status: { type: 'integer', description: '0 when the receiver did not answer.' }, delivered_at: { type: 'string', format: 'date-time' } },
    },
    progress: {
      type: 'object',
      description: 'A long upload split into chunks (README "Long media"): how many are transcribed so far.',
      properties: { chunks_done: { type: 'integer', minimum: 0 }, chunks_total: { type: 'integer', minimum: 1 } },
      required: ['chunks_done', 'chunks_total'],
    },
  },
} as const;

export const OPENAPI: OpenApiFragment = { schemas: { Job: jobSchema } };

const job = { 'application/json': { schema: { $ref: '#/components/schemas/Job' } } };

export const DOCS = {
  submit: (kind: RequestType): RouteDoc => ({
    summary: `Submit an async ${kind} job`,
    description: 'The same body as the sync route, validated before answering; streaming is refused. Answers 202 with the job and a Location to poll.',
    headers: [
      { name: BF_HEADERS.asyncJobResultTtl, description: 'Seconds the finished job stays readable (default 3600).', schema: { type: 'integer', minimum: 1 } },
      { name: BF_HEADERS.webhookUrl, description: 'Where to POST the job when it finishes (signed per Standard Webhooks); its host must be in webhooks.allowed_hosts.', schema: { type: 'string', format: 'uri' } },
    ],
  }),
  get: (kind: RequestType): RouteDoc => ({
    summary: `Get an async ${kind} job`,
    description: '404 for an unknown, expired, other-kind or other caller’s job.',
    responses: { '200': { description: 'Completed or failed', content: job }, '202': { description: 'Pending or processing', content: job } },
  }),
  content: {
    summary: 'Get a finished speech job’s audio',
    description: 'Streams the raw audio with its content type; 202 with the job while it runs.',
    responses: { '200': { description: 'The audio', content: { 'audio/*': { schema: { type: 'string', format: 'binary' } } } }, '202': { description: 'Still running', content: job } },
  } satisfies RouteDoc,
};
