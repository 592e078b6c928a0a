// The run-time keys in the shared store, and every instance's table kept in
// step with it: each change is written, then announced on a channel; every
// instance (this one too) re-reads the key named in the message. Messages
// carry ids only, never a key or digest. After a reconnect, and every
// RELOAD_MS as a safety net, the whole table is reloaded.
import type { Logger, Store } from '../../../core/kit.js';
import type { KeyRecord } from './record.js';
import { RuntimeKeyTable } from './table.js';

const NAMESPACE = 'virtual-keys';
const INDEX_SET = 'virtual-keys';
const CHANNEL = 'virtual-keys';
const RELOAD_MS = 30_000;
// While a key is given a name, a capped counter holds the name on every instance; it lapses by itself.
const LEASE_MS = 10_000;
const leaseKey = (name: string): string => `virtual-key-name:${name}`;

export class SharedKeys {
  readonly table = new RuntimeKeyTable();
  private unsubscribe: (() => Promise<void>) | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** Counts single-key changes, so a reload that raced one is read again rather than undoing it. */
  private changes = 0;

  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    this.unsubscribe = await this.store.subscribe(CHANNEL, {
      onMessage: (message) => void this.refresh(message),
      onReady: () => void this.reload(),
    });
    await this.reload();
    this.timer = setInterval(() => void this.reload(), RELOAD_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.unsubscribe?.();
  }

  /** Written, then announced; this instance's table changes at once. Store failures are thrown. */
  async save(record: KeyRecord): Promise<void> {
    await this.store.namespace(NAMESPACE).set(record.id, record);
    await this.store.setAdd(INDEX_SET, record.id);
    this.changes++;
    this.table.put(record);
    await this.announce(record.id);
  }

  async delete(id: string): Promise<void> {
    await this.store.namespace(NAMESPACE).delete(id);
    await this.store.setRemove(INDEX_SET, id);
    this.changes++;
    this.table.remove(id);
    await this.announce(id);
  }

  /**
   * Runs `write` while this instance alone may give a key `name` (a short
   * lease, atomic across instances), once the store shows no key of that
   * name. 'taken': a key has it, or another instance is giving it right now.
   */
  async withName(name: string, write: () => Promise<void>): Promise<'done' | 'taken'> {
    const lease = await this.store.increment(leaseKey(name), 1, { windowMs: LEASE_MS, cap: 1 });
    if (!lease.applied) return 'taken';
    try {
      const ids = await this.store.setMembers(INDEX_SET);
      const records = await Promise.all(ids.map((id) => this.read(id)));
      if (records.some((r) => r?.name === name)) return 'taken';
      await write();
      return 'done';
    } finally {
      // Not given back (the store failed): the lease lapses by itself.
      await this.store.increment(leaseKey(name), -1, { windowMs: LEASE_MS }).catch(() => undefined);
    }
  }

  private async announce(id: string): Promise<void> {
    try {
      await this.store.publish(CHANNEL, JSON.stringify({ id }));
    } catch (err) {
      // Written but not announced: the other instances see it at their next reload.
      this.logger.warn({ id, err: (err as Error).message }, 'virtual key change not announced; other instances pick it up within 30 s');
    }
  }

  private async refresh(message: string): Promise<void> {
    let id: unknown;
    try {
      id = (JSON.parse(message) as { id?: unknown }).id;
    } catch {
      return;
    }
    if (typeof id !== 'string') return;
    try {
      const record = await this.read(id);
      this.changes++;
      if (record) this.table.put(record);
      else this.table.remove(id);
    } catch (err) {
      this.logger.warn({ id, err: (err as Error).message }, 'virtual key change not read; retried at the next reload');
    }
  }

  /** The whole table from the store; on failure the table stays as it was (keys keep working while Redis is away). */
  async reload(): Promise<void> {
    try {
      for (let attempt = 0; attempt < 5; attempt++) {
        const before = this.changes;
        const ids = await this.store.setMembers(INDEX_SET);
        const records = await Promise.all(ids.map((id) => this.read(id)));
        if (before !== this.changes) continue;
        this.table.replaceAll(records.filter((r): r is KeyRecord => r !== undefined));
        return;
      }
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'virtual keys not reloaded from the store; keeping the ones held');
    }
  }

  private async read(id: string): Promise<KeyRecord | undefined> {
    const value: unknown = await this.store.namespace(NAMESPACE).get(id);
    return isRecord(value) ? value : undefined;
  }
}

function isRecord(value: unknown): value is KeyRecord {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Partial<Record<keyof KeyRecord, unknown>>;
  return typeof r.id === 'string' && typeof r.name === 'string' && typeof r.key_sha256 === 'string' && /^[0-9a-f]{64}$/.test(r.key_sha256);
}
