// This instance's copy of the run-time keys, for synchronous per-request
// lookups. A presented key is found by its sha256: the digest of a 256-bit
// random key reveals nothing, so a map lookup leaks no useful timing.
import { sha256Hex } from '../keys.js';
import { toRuntimeKey, type KeyRecord, type RuntimeKey } from './record.js';

export class RuntimeKeyTable {
  private byId = new Map<string, { record: KeyRecord; key: RuntimeKey }>();
  private byDigest = new Map<string, RuntimeKey>();
  private byName = new Map<string, RuntimeKey>();

  /** Everything at once (start-up, a reconnect, the periodic reload). */
  replaceAll(records: readonly KeyRecord[]): void {
    this.byId = new Map(records.map((r) => [r.id, { record: r, key: toRuntimeKey(r) }]));
    this.reindex();
  }

  put(record: KeyRecord): void {
    this.byId.set(record.id, { record, key: toRuntimeKey(record) });
    this.reindex();
  }

  remove(id: string): void {
    if (this.byId.delete(id)) this.reindex();
  }

  /** The key with the presented key's digest (sha256Bytes). */
  match(digest: Buffer): RuntimeKey | undefined {
    return this.byDigest.get(digest.toString('hex'));
  }

  named(name: string): RuntimeKey | undefined {
    return this.byName.get(name);
  }

  record(id: string): KeyRecord | undefined {
    return this.byId.get(id)?.record;
  }

  records(): KeyRecord[] {
    return [...this.byId.values()].map((e) => e.record);
  }

  get size(): number {
    return this.byId.size;
  }

  private reindex(): void {
    const keys = [...this.byId.values()].map((e) => e.key);
    this.byDigest = new Map(keys.map((k) => [k.digest.toString('hex'), k]));
    this.byName = new Map(keys.map((k) => [k.name, k]));
  }
}
