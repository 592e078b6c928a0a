// `voxgate keys create|list|revoke|rotate --url URL`: the run-time keys of a
// running gateway, through its admin API, with the admin credential from
// $VOXGATE_ADMIN_KEY (an auth.admin_keys key or an admin JWT). A new or
// rotated key is printed once; the gateway's refusals are printed as it says them.
import type { CommandIO } from '../../../core/kit.js';

export const ADMIN_KEY_ENV = 'VOXGATE_ADMIN_KEY';

export interface RemoteOptions {
  url: string;
  name?: string;
  team?: string;
  models?: string;
  'rate-limit'?: string;
  budget?: string;
  'expires-at'?: string;
  json?: boolean;
}

interface KeyView {
  id: string;
  name: string;
  source: string;
  team?: string;
  allowed_models?: string[];
  rate_limit?: Record<string, unknown>;
  budget?: Record<string, unknown>;
  expires_at?: string;
  expired?: boolean;
  key?: string;
}

/** A failure to report (exit 1), or a usage mistake (exit 2). */
class Refusal extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export async function remoteKeys(action: string, target: string | undefined, options: RemoteOptions, { out, err }: CommandIO): Promise<number> {
  try {
    const client = new AdminClient(options.url);
    switch (action) {
      case 'create':
        return printKey(out, 'created', await client.send('POST', '', createBody(options)), options.json);
      case 'list':
        return printList(out, ((await client.send('GET', '')) as { data: KeyView[] }).data, options.json);
      case 'revoke': {
        const id = await client.resolve(requireTarget(action, target));
        await client.send('DELETE', `/${encodeURIComponent(id)}`);
        out.write(`revoked ${id}: every gateway instance refuses it within a second\n`);
        return 0;
      }
      case 'rotate': {
        const id = await client.resolve(requireTarget(action, target));
        return printKey(out, 'rotated (the old key is refused from now on)', await client.send('POST', `/${encodeURIComponent(id)}/rotate`), options.json);
      }
      default:
        throw new Refusal(`unknown action "${action}": use create, list, revoke or rotate`, 2);
    }
  } catch (e) {
    if (!(e instanceof Refusal)) throw e;
    err.write(`voxgate keys ${action}: ${e.message}\n`);
    return e.exitCode;
  }
}

function requireTarget(action: string, target: string | undefined): string {
  if (target === undefined) throw new Refusal(`name the key: voxgate keys ${action} ID_OR_NAME --url URL`, 2);
  return target;
}

function parseJsonFlag(flag: string, text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Refusal(`--${flag} must be JSON, e.g. --${flag} '${flag === 'budget' ? '{"max_usd": 10, "period": "month"}' : '{"requests_per_minute": 60}'}'`, 2);
  }
}

function createBody(o: RemoteOptions): Record<string, unknown> {
  if (o.name === undefined) throw new Refusal('--name NAME is required', 2);
  const models = o.models?.split(',').map((m) => m.trim()).filter(Boolean);
  const body: Record<string, unknown> = { name: o.name, team: o.team, allowed_models: models, rate_limit: parseJsonFlag('rate-limit', o['rate-limit']), budget: parseJsonFlag('budget', o.budget), expires_at: o['expires-at'] };
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
}

class AdminClient {
  private readonly base: string;
  private readonly credential: string;

  constructor(url: string) {
    const credential = process.env[ADMIN_KEY_ENV];
    if (!credential) throw new Refusal(`set ${ADMIN_KEY_ENV} to an admin credential (a key from auth.admin_keys, or voxgate token --admin --sub NAME)`, 2);
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new Refusal(`--url "${url}" is not a URL; give the gateway's, e.g. --url http://localhost:8080`, 2);
    }
    this.base = `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}/admin/virtual-keys`;
    this.credential = credential;
  }

  async send(method: string, path: string, body?: unknown): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(`${this.base}${path}`, {
        method,
        headers: { authorization: `Bearer ${this.credential}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (e) {
      const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message;
      throw new Refusal(`cannot reach the gateway at ${new URL(this.base).origin} (${cause})`);
    }
    const text = await res.text();
    let answer: unknown;
    try {
      answer = JSON.parse(text) as unknown;
    } catch {
      throw new Refusal(`the gateway answered ${res.status} with a body that is not JSON; is --url a Voxgate gateway?`);
    }
    if (!res.ok) {
      const message = (answer as { error?: { message?: unknown } }).error?.message;
      throw new Refusal(`the gateway refused (${res.status}): ${typeof message === 'string' ? message : text.slice(0, 300)}`);
    }
    return answer;
  }

  /** An id as given (vk_…, config:…), or the id of the key with that name. */
  async resolve(target: string): Promise<string> {
    if (target.startsWith('vk_') || target.startsWith('config:')) return target;
    const { data } = (await this.send('GET', '')) as { data: KeyView[] };
    const found = data.find((k) => k.name === target);
    if (!found) throw new Refusal(`no virtual key is named "${target}" (voxgate keys list --url … shows them)`);
    return found.id;
  }
}

function printKey(out: NodeJS.WritableStream, what: string, answer: unknown, json = false): number {
  const view = answer as KeyView;
  if (json) {
    out.write(`${JSON.stringify(view, null, 2)}\n`);
    return 0;
  }
  out.write([`# Virtual key "${view.name}" ${what}. The key is shown only now: hand it to its holder and keep no other copy.`, `id: ${view.id}`, `key: ${view.key ?? ''}`, ''].join('\n'));
  return 0;
}

function printList(out: NodeJS.WritableStream, keys: readonly KeyView[], json = false): number {
  if (json) {
    out.write(`${JSON.stringify(keys, null, 2)}\n`);
    return 0;
  }
  const rows = [['ID', 'NAME', 'SOURCE', 'TEAM', 'MODELS', 'RATE LIMIT', 'BUDGET', 'EXPIRES']];
  const brief = (o: Record<string, unknown> | undefined) => (o ? Object.entries(o).map(([k, v]) => `${k}=${String(v)}`).join(',') : '-');
  for (const k of keys) {
    rows.push([k.id, k.name, k.source, k.team ?? '-', k.allowed_models?.join(',') ?? '*', brief(k.rate_limit), brief(k.budget), k.expires_at ? `${k.expires_at}${k.expired ? ' (expired)' : ''}` : 'never']);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) out.write(`${r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()}\n`);
  return 0;
}
