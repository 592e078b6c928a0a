// How the async-job routes appear in the OpenAPI document.
import type { RouteDoc } from '../../core/kit.js';
import type { RequestType } from '../../core/kit.js';

const job = { 'application/json': { schema: { $ref: '#/components/schemas/Job' } } };

export const DOCS = {
  submit: (kind: RequestType): RouteDoc => ({
    summary: `Submit an async ${kind} job`,
    description: 'The same body as the sync route, validated before answering; streaming is refused. Answers 202 with the job and a Location to poll.',
    headers: [{ name: 'x-bf-async-job-result-ttl', description: 'Seconds the finished job stays readable (default 3600).', schema: { type: 'integer', minimum: 1 } }],
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
