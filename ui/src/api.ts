// The admin API as the dashboard calls it. The admin credential lives in
// this module's memory only: never in the URL, never in storage, gone on reload.
let credential: string | undefined;

export interface ApiError {
  status: number;
  code: string;
  message: string;
}

export const signedIn = (): boolean => credential !== undefined;
export const signOut = (): void => {
  credential = undefined;
};

export async function call<T>(path: string, params: Record<string, string | undefined> = {}, token = credential): Promise<T> {
  const query = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''));
  const res = await fetch(`${path}${query.size ? `?${query}` : ''}`, { headers: { authorization: `Bearer ${token ?? ''}` }, cache: 'no-store', credentials: 'omit' });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) {
    const error = (body as { error?: { code?: string; message?: string } }).error;
    throw { status: res.status, code: error?.code ?? 'error', message: error?.message ?? `HTTP ${res.status}` } satisfies ApiError;
  }
  return body as T;
}

/** A call that changes something (POST, PATCH, DELETE), with a JSON body when given. */
export async function send<T>(method: 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { authorization: `Bearer ${credential ?? ''}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store', credentials: 'omit' });
  const answer = await res.json().catch(() => ({}));
  if (!res.ok) {
    const error = (answer as { error?: { code?: string; message?: string } }).error;
    throw { status: res.status, code: error?.code ?? 'error', message: error?.message ?? `HTTP ${res.status}` } satisfies ApiError;
  }
  return answer as T;
}

/** A virtual key as GET /admin/virtual-keys shows it: never the key itself. */
export interface VirtualKey {
  id: string;
  name: string;
  source: 'api' | 'config';
  team?: string;
  allowed_models?: string[];
  rate_limit?: Record<string, number>;
  budget?: Record<string, number | string>;
  expires_at?: string;
  expired?: boolean;
  created_at?: string;
  /** Only in the answer to a create or a rotate. */
  key?: string;
}

/** A budget this period, as GET /admin/usage/budget answers it. */
export interface BudgetState {
  period: string;
  spent: Record<string, number>;
  remaining: Record<string, number>;
  resets_at: string | null;
}

/** Checks the credential against the admin API before keeping it. */
export async function signIn(token: string): Promise<void> {
  await call('/admin/stats', { bucket: 'hour' }, token);
  credential = token;
}

export interface LogRecord {
  id: string;
  request_id: string;
  time: number;
  route: string;
  method: string;
  path: string;
  status: number;
  latency_ms: number;
  upstream_latency_ms: number | null;
  principal: string | null;
  model_requested: string | null;
  provider: string | null;
  model: string | null;
  error_code: string | null;
  error_message: string | null;
  job_id: string | null;
  cache_hit: boolean | null;
  trace_id: string | null;
  cost: number | null;
  detail: Record<string, unknown>;
}

export interface StatsPoint {
  t: number;
  requests: number;
  errors: number;
  p50_ms: number | null;
  p95_ms: number | null;
  cost: number | null;
}

export interface StatsGroup {
  group: string;
  totals: Omit<StatsPoint, 't'> & { error_rate: number };
  points: StatsPoint[];
}

export interface Job {
  job_id: string;
  request_id: string;
  state: string;
  route: string;
  principal: string | null;
  model: string | null;
  submitted_at: string | null;
  finished_at: string | null;
  status: number | null;
  error_code: string | null;
  run_ms: number | null;
}

/** GET /admin/jobs/{id}: the job store's record, without its result. */
export interface JobDetail {
  id: string;
  kind: 'transcription' | 'speech';
  status: 'pending' | 'processing' | 'completed' | 'failed';
  owner: string;
  instance: string;
  created_at: string;
  completed_at?: string;
  expires_at?: string;
  status_code?: number;
  attempts?: number;
  progress?: { chunks_done: number; chunks_total: number };
  webhook?: { attempts: number; last_status: number; delivered_at?: string };
  webhook_url_set: boolean;
  error?: { error: { code: string; message: string } };
  has_result: boolean;
  result_url: string;
}

export const errorText = (err: unknown): string => (err && typeof err === 'object' && 'message' in err ? String((err as ApiError).message) : String(err));
