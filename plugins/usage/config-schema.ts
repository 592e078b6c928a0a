// The `usage:` section the usage plugin owns: team budgets (a virtual key
// names its `team`), and what to do when the store cannot be reached.
import { configSection } from '../../core/kit.js';
import type { Budget } from './budget-schema.js';

const SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    teams: {
      type: 'object',
      description: 'Budgets shared by every virtual key that names the team (auth.virtual_keys[].team).',
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['budget'],
        properties: { budget: { $ref: '#/$defs/budget' } },
      },
    },
    on_store_error: {
      enum: ['allow', 'refuse'],
      default: 'refuse',
      description: 'Store unreachable: let requests with a budget through unmetered, or refuse them with 503 (the default: a budget is money).',
    },
  },
} as const;

// Written out: the section refers to $defs.budget, which the schema-to-type mapping does not follow.
export interface UsageSection {
  teams?: Record<string, { budget: Budget }>;
  on_store_error?: 'allow' | 'refuse';
}
export const USAGE_SECTION = configSection<UsageSection>('usage', SCHEMA);
