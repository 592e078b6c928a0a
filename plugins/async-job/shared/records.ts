// Job records, upload inputs and speech results on Redis (the BullMQ store):
// records as JSON, bytes as binary strings, each with the job's TTL. Every
// state write by a worker is fenced: a Lua script writes only while BullMQ's
// lock on the job still holds the worker's token, so a worker that lost the
// job (frozen, partitioned) can never overwrite a newer state.
import type { Redis } from 'ioredis';
import { isActive, type JobRecord } from '../record.js';
import type { Blobs } from './blobs.js';

/** BullMQ's lock on a job, the token the worker holding it was given, and the queue's active list and stalled set. */
export interface Fence {
  jobId: string;
  lockKey: string;
  token: string;
  activeKey: string;
  stalledKey: string;
  leaseMs: number;
}

// An unfinished record's safety net: gone after a day even if nothing finishes it.
const ACTIVE_TTL_MS = 24 * 3600 * 1000;
const PREFIX = 'voxgate:async-job';

// The lock is this worker's, or it expired (a store outage longer than the
// lease) while nobody took the job (still in the active list): then it is
// taken back, so an outage alone never hands a live worker's job on.
const HOLD = `
local lock = redis.call('GET', KEYS[1])
if lock ~= ARGV[1] then
  if lock or not redis.call('LPOS', KEYS[2], ARGV[2]) then return 0 end
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
  redis.call('SREM', KEYS[3], ARGV[2])
end
`;
const FENCED_SET = `${HOLD}
redis.call('SET', KEYS[4], ARGV[4], 'PX', ARGV[5])
return 1`;
const REACQUIRE = `${HOLD}
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
    const done = await this.redis.eval(FENCED_SET, 4, fence.lockKey, fence.activeKey, fence.stalledKey, this.key(job.id), fence.token, fence.jobId, String(fence.leaseMs), JSON.stringify(job), String(ttlOf(job)));
    return done === 1;
  }

  /** Takes back a lock that expired while nobody took the job (BullMQ could not renew it through an outage). */
  async reacquire(fence: Fence): Promise<boolean> {
    return (await this.redis.eval(REACQUIRE, 3, fence.lockKey, fence.activeKey, fence.stalledKey, fence.token, fence.jobId, String(fence.leaseMs))) === 1;
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
