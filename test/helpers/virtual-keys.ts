// Calls to the run-time virtual keys API (/admin/virtual-keys) for the tests.
import { asAdmin } from './admin.js';

export interface KeyAnswer {
  object: string;
  id: string;
  name: string;
  source: 'api' | 'config';
  key?: string;
  team?: string;
  allowed_models?: string[];
  rate_limit?: Record<string, number>;
  budget?: Record<string, number | string>;
  expires_at?: string;
  created_at?: string;
  updated_at?: string;
  expired?: boolean;
}

export function keysApi(url: string, headers: Record<string, string> = asAdmin) {
  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${url}/admin/virtual-keys${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
  return {
    call,
    async create(body: unknown): Promise<KeyAnswer> {
      const res = await call('POST', '', body);
      const text = await res.text();
      if (res.status !== 201) throw new Error(`create answered ${res.status}: ${text}`);
      return JSON.parse(text) as KeyAnswer;
    },
    async list(): Promise<KeyAnswer[]> {
      const res = await call('GET', '');
      if (res.status !== 200) throw new Error(`list answered ${res.status}: ${await res.text()}`);
      return ((await res.json()) as { data: KeyAnswer[] }).data;
    },
  };
}

/** Status of a speech request made with `key` (the body drained). */
export async function speakWith(url: string, key: string): Promise<number> {
  const res = await fetch(`${url}/v1/audio/speech`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'openai/tts-1', input: 'Hello', voice: 'alloy' }),
  });
  await res.arrayBuffer();
  return res.status;
}
