// The usage plugin: audio units, prices, budgets. For now it owns the budget
// definition that virtual keys refer to; enforcement lands with issue 16.
import { definePlugin } from '../../core/kit.js';
import { BUDGET_SCHEMA } from './budget-schema.js';

export default definePlugin({
  name: 'usage',
  config: { defs: { budget: BUDGET_SCHEMA } },
  setup: () => ({}),
});
