// Job records, upload inputs and speech results on Redis (the BullMQ store):
// records as JSON, bytes as binary strings, each with the job's TTL. Every
// state write by a worker is fenced: a Lua script writes only while BullMQ's
// lock on the job still holds the worker's token, so a worker that lost the
// job (frozen, partitioned) can never overwrite a newer state.
import type { Redis } from 'ioredis';
import { isActive, type JobRecord } from '../record.js';
import type { Blobs } from './blobs.js';

/** BullMQ's lock on a job and the token the worker holding it was given. */
export interface Fence {
  lockKey: string;
  token: string;
}

// An unfinished record's safety net: gone after a day even if nothing finishes it.
const ACTIVE_TTL_MS = 24 * 3600 * 1000;
const PREFIX = 'voxgate:async-job';

const FENCED_SET = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
return 1`;

// The webhook's delivery state, merged into a finished record without touching its TTL.
const SET_KEEPTTL = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'KEEPTTL')
return 1`;

const ttlOf = (job: JobRecord): number => (isActive(job) ? ACTIVE_TTL_MS : job.ttl_s * 1000);

export class RedisRecords {
  constructor(
    private readonly redis: Redis,
    readonly blobs: Blobs,
  ) {}

  private key(id: string): string {
    return `${PREFIX}:job:${id}`;
  }

  async get(id: string): Promise<JobRecord | undefined> {
    const text = await this.redis.get(this.key(id));
    return text === null ? undefined : (JSON.parse(text) as JobRecord);
  }

  /** The submit's pending record: written before the job is queued, so nothing can hold a lock on it yet. */
  async create(job: JobRecord): Promise<void> {
    await this.redis.set(this.key(job.id), JSON.stringify(job), 'PX', ttlOf(job));
  }

  /** Writes `job` only while `fence` still holds; false when the worker lost the job. */
  async fencedPut(job: JobRecord, fence: Fence): Promise<boolean> {
    const done = await this.redis.eval(FENCED_SET, 2, fence.lockKey, this.key(job.id), fence.token, JSON.stringify(job), String(ttlOf(job)));
    return done === 1;
  }

  /** Delivery state on a finished record (no lock exists once a job is final). */
  async updateFinished(job: JobRecord): Promise<void> {
    await this.redis.eval(SET_KEEPTTL, 1, this.key(job.id), JSON.stringify(job));
  }

  getAudio(id: string): Promise<readonly Buffer[] | undefined> {
    return this.blobs.get(`result:${id}`);
  }

  putAudio(id: string, audio: readonly Buffer[], ttlMs: number): Promise<void> {
    return this.blobs.put(`result:${id}`, audio, ttlMs);
  }
}
