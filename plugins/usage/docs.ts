// The usage plugin's routes and what it adds to GET /openapi.json.
import { BF_HEADERS, type OpenApiFragment, type RouteTable } from '../../core/kit.js';

type ActionRoute = Parameters<RouteTable['addAction']>[0];

const q = (name: string, description: string) => ({ name, description, schema: { type: 'string' } });
const json = (description: string, schema: string) => ({ description, content: { 'application/json': { schema: { $ref: `#/components/schemas/${schema}` } } } });

const UNITS = {
  requests: { type: 'integer' },
  unpriced_requests: { type: 'integer', description: 'Requests to a model with no price: not in cost_usd.' },
  audio_seconds: { type: 'number' },
  characters: { type: 'integer' },
  input_tokens: { type: 'integer' },
  output_tokens: { type: 'integer' },
  cost_usd: { type: 'number' },
};

const BUDGET_STATE = {
  type: 'object',
  properties: {
    max_usd: { type: 'number' },
    max_audio_seconds: { type: 'number' },
    max_characters: { type: 'integer' },
    period: { enum: ['hour', 'day', 'week', 'month', 'total'] },
    spent: { type: 'object', description: 'This period, by limit: usd, audio_seconds, characters (reservations of running requests included).', additionalProperties: { type: 'number' } },
    remaining: { type: 'object', additionalProperties: { type: 'number' } },
    resets_at: { type: ['string', 'null'], format: 'date-time', description: 'The end of the UTC period; null for total.' },
  },
};

export const OPENAPI: OpenApiFragment = {
  schemas: {
    UsageReport: {
      type: 'object',
      properties: {
        group_by: { enum: ['key', 'team', 'model', 'day'] },
        data: { type: 'array', items: { type: 'object', properties: { key: { type: 'string' }, team: { type: ['string', 'null'] }, model: { type: 'string' }, day: { type: 'string' }, ...UNITS } } },
      },
    },
    BudgetOf: {
      type: 'object',
      properties: { key: { type: 'string' }, team: { type: 'string' }, budget: BUDGET_STATE },
    },
    OwnUsage: {
      type: 'object',
      properties: {
        key: { type: 'string' },
        team: { type: 'string' },
        spent_usd: { type: 'number', description: 'Everything this key spent (the reports keep 400 days).' },
        budget: { oneOf: [BUDGET_STATE, { type: 'null' }] },
        team_budget: BUDGET_STATE,
      },
    },
  },
};

export const ROUTES: readonly ActionRoute[] = [
  {
    name: 'admin_usage',
    method: 'GET',
    paths: ['/admin/usage'],
    admin: true,
    doc: {
      summary: 'Usage and spend from the store’s aggregates, grouped (admin)',
      query: [
        q('key', 'A virtual key’s name.'),
        q('team', 'A team.'),
        q('model', 'provider/model, or a model name on any provider.'),
        q('from', 'First UTC day: 2026-12-01, an RFC 3339 time or epoch milliseconds.'),
        q('to', 'Last UTC day, the same way.'),
        q('group_by', 'key (default), team, model or day.'),
      ],
      responses: { '200': json('One row per group.', 'UsageReport') },
    },
  },
  {
    name: 'admin_budget',
    method: 'GET',
    paths: ['/admin/usage/budget'],
    admin: true,
    doc: {
      summary: 'A key’s or a team’s budget this period: spent, remaining, resets_at (admin)',
      query: [
        q('key', 'A virtual key’s name (or team=).'),
        q('team', 'A team’s name (or key=).'),
        q('period', 'The budget’s period: hour, day, week, month or total.'),
        q('max_usd', 'The budget’s limits to measure against: max_usd, max_audio_seconds, max_characters (at least one).'),
        q('max_audio_seconds', 'See max_usd.'),
        q('max_characters', 'See max_usd.'),
      ],
      responses: { '200': json('The budget’s state.', 'BudgetOf') },
    },
  },
  {
    name: 'own_usage',
    method: 'GET',
    paths: ['/v1/usage'],
    doc: {
      summary: 'The calling key’s spend, and its budget’s state this period',
      description: `A request a budget cannot take is refused with 402 budget_exceeded and ${BF_HEADERS.budgetReset} (when the period ends).`,
      responses: { '200': json('The caller’s usage.', 'OwnUsage') },
    },
  },
];
