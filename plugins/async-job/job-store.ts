// Jobs in the shared store: records by id, a shared set of unfinished jobs,
// and each instance's heartbeat, so any instance can tell a job whose
// instance died from one still running.
import type Keyv from 'keyv';
import type { Store } from '../../core/kit.js';
import { isActive, type JobRecord } from './record.js';

const ACTIVE_SET = 'async-jobs:active';
// An unfinished record's safety net: gone after a day even if nobody sweeps it.
const ACTIVE_TTL_MS = 24 * 3600 * 1000;

export class JobStore {
  private readonly records: Keyv;

  constructor(
    private readonly store: Store,
    readonly instance: string,
    private readonly leaseMs: number,
  ) {
    this.records = store.namespace('jobs');
  }

  async get(id: string): Promise<JobRecord | undefined> {
    return (await this.records.get(`job:${id}`)) as JobRecord | undefined;
  }

  /** Writes a record: unfinished ones join the active set; finished ones live for their TTL. */
  async put(job: JobRecord): Promise<void> {
    const active = isActive(job);
    await this.records.set(`job:${job.id}`, job, active ? ACTIVE_TTL_MS : job.ttl_s * 1000);
    if (active) await this.store.setAdd(ACTIVE_SET, job.id);
    else await this.store.setRemove(ACTIVE_SET, job.id);
  }

  /** A speech job's audio, as bytes beside its record, for as long as the record lives. */
  putAudio(id: string, audio: readonly Buffer[], ttlMs: number): Promise<void> {
    return this.store.putBytes(`job-audio:${id}`, audio, ttlMs);
  }

  getAudio(id: string): Promise<readonly Buffer[] | undefined> {
    return this.store.getBytes(`job-audio:${id}`);
  }

  activeIds(): Promise<string[]> {
    return this.store.setMembers(ACTIVE_SET);
  }

  forget(id: string): Promise<void> {
    return this.store.setRemove(ACTIVE_SET, id);
  }

  /** This instance is alive for another lease. */
  async heartbeat(): Promise<void> {
    await this.records.set(`instance:${this.instance}`, Date.now(), this.leaseMs);
  }

  async alive(instance: string): Promise<boolean> {
    return (await this.records.get(`instance:${instance}`)) !== undefined;
  }

  /** This instance is leaving: others need not wait out its lease. */
  async retire(): Promise<void> {
    await this.records.delete(`instance:${this.instance}`);
  }
}
