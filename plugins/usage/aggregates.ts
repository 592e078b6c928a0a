// Usage aggregates in the shared store, for the usage reports: one bucket
// per UTC day, key, team and provider/model, each a handful of counters
// (requests, audio milliseconds, characters, tokens, nano-dollars), added to
// atomically by every instance. The buckets are listed in a shared set.
import type { CostRecord, PricedTarget, Store } from '../../core/kit.js';
import { dayOf } from './periods.js';
import { NANO } from './prices.js';

const BUCKETS = 'usage:buckets';
const KEEP_MS = 400 * 86_400_000;
const FIELDS = ['requests', 'unpriced', 'audio_ms', 'characters', 'input_tokens', 'output_tokens', 'cost_nano'] as const;
type Field = (typeof FIELDS)[number];

export interface Bucket {
  day: string;
  key: string;
  team: string;
  model: string;
}

export interface UsageRow {
  requests: number;
  /** Requests whose model had no price: their cost_usd is not in the sum. */
  unpriced_requests: number;
  audio_seconds: number;
  characters: number;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number;
}

const bucketId = (b: Bucket): string => JSON.stringify([b.day, b.key, b.team, b.model]);

function parseBucket(id: string): Bucket | undefined {
  try {
    const [day, key, team, model] = JSON.parse(id) as unknown[];
    if ([day, key, team, model].every((v) => typeof v === 'string')) return { day: String(day), key: String(key), team: String(team), model: String(model) };
  } catch {
    // not one of ours
  }
  return undefined;
}

const counterKey = (id: string, field: Field, day: string): string => `usage:agg:${day}:${field}:${id}`;

export class UsageAggregates {
  constructor(
    private readonly store: Store,
    private readonly now: () => number,
  ) {}

  /** Counts one request's usage, and the key's running spend. */
  async record(who: { key: string; team: string; principalId: string }, servedBy: PricedTarget, cost: CostRecord): Promise<void> {
    const bucket: Bucket = { day: dayOf(this.now()), key: who.key, team: who.team, model: `${servedBy.provider}/${servedBy.model}` };
    const id = bucketId(bucket);
    await this.store.setAdd(BUCKETS, id);
    const amounts: Record<Field, number> = {
      requests: 1,
      unpriced: cost.priced ? 0 : 1,
      audio_ms: Math.round((cost.audio_seconds ?? 0) * 1000),
      characters: cost.characters ?? 0,
      input_tokens: cost.input_tokens ?? 0,
      output_tokens: cost.output_tokens ?? 0,
      cost_nano: Math.round(cost.usd * NANO),
    };
    // Sent together: the Redis client pipelines them, one round trip rather than one per counter.
    const writes = FIELDS.filter((field) => amounts[field] !== 0).map((field) => this.store.increment(counterKey(id, field, bucket.day), amounts[field], { windowMs: KEEP_MS }));
    if (amounts.cost_nano !== 0) writes.push(this.store.increment(spentKey(who.principalId), amounts.cost_nano, { windowMs: KEEP_MS }));
    await Promise.all(writes);
  }

  async buckets(): Promise<Bucket[]> {
    return (await this.store.setMembers(BUCKETS)).map(parseBucket).filter((b): b is Bucket => b !== undefined);
  }

  async row(bucket: Bucket): Promise<UsageRow> {
    const id = bucketId(bucket);
    const read = async (field: Field) => (await this.store.increment(counterKey(id, field, bucket.day), 0, { windowMs: KEEP_MS })).value;
    const [requests, unpriced, audioMs, characters, input, output, nano] = await Promise.all(FIELDS.map(read));
    return {
      requests: requests!,
      unpriced_requests: unpriced!,
      audio_seconds: audioMs! / 1000,
      characters: characters!,
      input_tokens: input!,
      output_tokens: output!,
      cost_usd: nano! / NANO,
    };
  }

  /** What a principal has spent since its first request (reports keep 400 days). */
  async spent(principalId: string): Promise<number> {
    return (await this.store.increment(spentKey(principalId), 0, { windowMs: KEEP_MS })).value / NANO;
  }
}

const spentKey = (principalId: string): string => `usage:spent:${principalId}`;

export const emptyRow = (): UsageRow => ({ requests: 0, unpriced_requests: 0, audio_seconds: 0, characters: 0, input_tokens: 0, output_tokens: 0, cost_usd: 0 });

export function addRows(into: UsageRow, row: UsageRow): UsageRow {
  into.requests += row.requests;
  into.unpriced_requests += row.unpriced_requests;
  into.audio_seconds = Math.round((into.audio_seconds + row.audio_seconds) * 1000) / 1000;
  into.characters += row.characters;
  into.input_tokens += row.input_tokens;
  into.output_tokens += row.output_tokens;
  into.cost_usd = Math.round((into.cost_usd + row.cost_usd) * NANO) / NANO;
  return into;
}
