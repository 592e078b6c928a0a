// Shared pieces of the hardening tests: a gateway with the default chain
// (every built-in, auth on with virtual keys) in front of a fake OpenAI,
// and polling an async job to its end.
import assert from 'node:assert/strict';
import { generateVirtualKey } from '../../plugins/auth/keys.js';
import { DEFAULT_PLUGIN_ORDER } from '../../core/assemble/plugins.js';

export const TEAM_A = generateVirtualKey();
export const TEAM_B = generateVirtualKey();
export const JWT_SECRET = 'hardening-jwt-secret-that-is-long-enough-0123456789';

export const bearer = (key: string): Record<string, string> => ({ authorization: `Bearer ${key}` });

/** The shipped default chain (no `plugins:`), auth on with two virtual keys and a JWT secret. */
export function defaultChainConfig(providers: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    providers,
    auth: {
      required: true,
      jwt: { secret: JWT_SECRET, algorithms: ['HS256'] },
      virtual_keys: [
        { name: 'team-a', key: TEAM_A },
        { name: 'team-b', key: TEAM_B },
      ],
    },
    ...extra,
  };
}

/** The default chain as it ships (plugins/default-chain.json), with options for some (short backoffs for fast tests). */
export function builtinChain(options: Record<string, Record<string, unknown>> = {}): Array<Record<string, unknown>> {
  const unknown = Object.keys(options).filter((name) => !DEFAULT_PLUGIN_ORDER.includes(name));
  assert.deepEqual(unknown, [], 'options for a plugin the default chain does not have');
  return DEFAULT_PLUGIN_ORDER.map((name) => ({ name, ...options[name] }));
}

export interface JobView {
  id: string;
  status: string;
  status_code?: number;
  result?: Record<string, unknown>;
  error?: { error: { code: string; message: string }; extra_fields: Record<string, unknown> };
}

/** Polls a job until it is completed or failed. */
export async function finishedJob(url: string, headers: Record<string, string>, timeoutMs = 10_000): Promise<JobView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(url, { headers });
    const job = (await res.json()) as JobView;
    if (res.status === 200) return job;
    assert.equal(res.status, 202, `polling ${url}: ${JSON.stringify(job)}`);
    if (Date.now() > deadline) throw new Error(`job ${url} did not finish within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
