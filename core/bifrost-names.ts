// Bifrost's wire names, kept for compatibility: Voxgate answers clients and
// dashboards written for the Bifrost gateway, so its header prefix, its error
// field and its virtual-key prefix stay spelled as Bifrost spells them. This
// module is the one place they are written (test/unit/structure.test.ts
// refuses them anywhere else); renaming one would break those clients.

/** Every gateway-specific header: x-bf-<name>. */
export const bfHeader = <N extends string>(name: N): `x-bf-${N}` => `x-bf-${name}`;

/** The gateway's own headers, request and answer. */
export const BF_HEADERS = Object.freeze({
  /** A virtual key, as Bifrost clients send it. */
  virtualKey: bfHeader('vk'),
  provider: bfHeader('provider'),
  model: bfHeader('model'),
  latencyMs: bfHeader('latency-ms'),
  modelDeployment: bfHeader('model-deployment'),
  cacheKey: bfHeader('cache-key'),
  cacheTtl: bfHeader('cache-ttl'),
  asyncJobResultTtl: bfHeader('async-job-result-ttl'),
  webhookUrl: bfHeader('webhook-url'),
  /** On audio and text answers: the request's usage and price (extra_fields.cost as JSON), and the price alone. */
  cost: bfHeader('cost'),
  costUsd: bfHeader('cost-usd'),
  /** On a 402 budget_exceeded: when the budget's period ends (ISO 8601, UTC). */
  budgetReset: bfHeader('budget-reset'),
});

/** The error body's field that is true when the gateway (not the provider) refused or failed. */
export const GATEWAY_ERROR_FIELD = 'is_bifrost_error';

/** Virtual keys start with this. */
export const VIRTUAL_KEY_PREFIX = 'sk-bf-';
