// `$defs.budget` in the gateway's schema: what a virtual key's (or a team's)
// budget may say. Auth's `virtual_keys[].budget` and the run-time keys refer
// to it; this plugin enforces it.
import type { OptionsOf } from '../../core/kit.js';

export const BUDGET_PERIODS = ['hour', 'day', 'week', 'month', 'total'] as const;

export const BUDGET_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['period'],
  // A budget with no limit limits nothing: refused, not silently unlimited.
  anyOf: [{ required: ['max_usd'] }, { required: ['max_audio_seconds'] }, { required: ['max_characters'] }],
  properties: {
    max_usd: { type: 'number', exclusiveMinimum: 0, description: 'Spend in US dollars per period, at the price table\'s prices.' },
    max_audio_seconds: { type: 'number', exclusiveMinimum: 0, description: 'Transcribed input audio seconds per period.' },
    max_characters: { type: 'integer', minimum: 1, description: 'Speech input characters per period.' },
    period: { enum: [...BUDGET_PERIODS], description: 'Aligned to UTC calendar boundaries (weeks start on Monday); total: never resets.' },
  },
} as const;

export type Budget = OptionsOf<typeof BUDGET_SCHEMA>;

/** A budget as the plugin reads it: any of the limits, and the period. */
export interface BudgetLimits {
  max_usd?: number;
  max_audio_seconds?: number;
  max_characters?: number;
  period: (typeof BUDGET_PERIODS)[number];
}
