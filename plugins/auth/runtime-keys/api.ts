// The admin API over virtual keys: run-time keys (created, changed, rotated
// and revoked here, shared by every instance through the store) and the YAML
// keys (listed, read-only). A new or rotated key is in the answer once; no
// answer, log line or metric ever holds it again.
import { randomBytes } from 'node:crypto';
import { GatewayError, VIRTUAL_KEY_PREFIX, isGatewayError, notFound, serviceUnavailable, type ActionRequest, type JsonResult, type RouteDoc, type RouteTable } from '../../../core/kit.js';
import type { VirtualKeyConfig } from '../auth-config.js';
import { generateVirtualKey, sha256Hex } from '../keys.js';
import { CONFIG_ID_PREFIX, configView, recordView, type KeyRecord, type KeySettings } from './record.js';
import type { SharedKeys } from './shared.js';
import type { KeyBodies, KeyPatch } from './validate.js';

type ActionRoute = Parameters<RouteTable['addAction']>[0];

const json = (description: string): NonNullable<RouteDoc['responses']>[string] => ({ description, content: { 'application/json': { schema: { type: 'object' } } } });
const LIST = '/admin/virtual-keys';
const ONE = '/admin/virtual-keys/:id';

export function keyRoutes(bodies: KeyBodies): ActionRoute[] {
  return [
    { name: 'admin_virtual_keys_list', method: 'GET', paths: [LIST], admin: true, doc: { summary: 'Every virtual key: run-time (source api) and auth.virtual_keys (source config); never a key or its digest (admin)', responses: { '200': json('{ object: "list", data: [keys] }') } } },
    { name: 'admin_virtual_keys_create', method: 'POST', paths: [LIST], admin: true, doc: { summary: 'Create a virtual key; the key itself is in this answer only (admin)', requestBody: bodies.createSchema, responses: { '201': json(`The key's record and \`key\` (${VIRTUAL_KEY_PREFIX}…), shown this once`) } } },
    { name: 'admin_virtual_key_get', method: 'GET', paths: [ONE], admin: true, doc: { summary: 'One virtual key by id (vk_… or config:NAME) (admin)', responses: { '200': json('The key\'s record') } } },
    { name: 'admin_virtual_key_update', method: 'PATCH', paths: [ONE], admin: true, doc: { summary: 'Change a run-time key\'s fields; null clears one (admin)', requestBody: bodies.patchSchema, responses: { '200': json('The key\'s record') } } },
    { name: 'admin_virtual_key_delete', method: 'DELETE', paths: [ONE], admin: true, doc: { summary: 'Revoke a run-time key: refused on every instance within a second (admin)', responses: { '200': json('{ id, deleted: true }') } } },
    { name: 'admin_virtual_key_rotate', method: 'POST', paths: [`${ONE}/rotate`], admin: true, doc: { summary: 'A new key for the same record; the old key is refused at once (admin)', responses: { '200': json('The key\'s record and its new `key`, shown this once') } } },
  ];
}

const ok = (body: unknown, status = 200): JsonResult => ({ type: 'json', status, body });

const nameTaken = (name: string, where: string): GatewayError =>
  new GatewayError({ status: 409, type: 'invalid_request_error', code: 'virtual_key_name_taken', message: `The name "${name}" is taken by ${where}; pick another name.`, param: 'name' });

export class KeyAdmin {
  private readonly actions: ReadonlySet<string>;

  constructor(
    private readonly shared: SharedKeys,
    private readonly bodies: KeyBodies,
    private readonly seeds: readonly VirtualKeyConfig[],
    routes: readonly ActionRoute[],
  ) {
    this.actions = new Set(routes.map((r) => r.name));
  }

  handles(request: ActionRequest): boolean {
    return this.actions.has(request.action);
  }

  async answer(request: ActionRequest): Promise<JsonResult> {
    try {
      return await this.dispatch(request);
    } catch (err) {
      if (isGatewayError(err)) throw err;
      throw serviceUnavailable('key_store_unavailable', 'The shared store (store.url) did not answer, so the virtual key was not read or changed; check that it is up, then try again.', 2);
    }
  }

  private async dispatch(request: ActionRequest): Promise<JsonResult> {
    const id = request.params.id ?? '';
    switch (request.action) {
      case 'admin_virtual_keys_list': {
        const runtime = this.shared.table.records().sort((a, b) => a.created_at.localeCompare(b.created_at)).map((r) => recordView(r));
        return ok({ object: 'list', data: [...this.seeds.map(configView), ...runtime] });
      }
      case 'admin_virtual_keys_create':
        return this.create(this.bodies.parseCreate(request.body));
      case 'admin_virtual_key_get': {
        const seed = this.seed(id);
        return ok(seed ? configView(seed) : recordView(this.existing(id)));
      }
      case 'admin_virtual_key_update':
        return this.update(this.writable(id), this.bodies.parsePatch(request.body));
      case 'admin_virtual_key_delete':
        return this.delete(this.writable(id));
      default:
        return this.rotate(this.writable(id));
    }
  }

  private async create(settings: KeySettings): Promise<JsonResult> {
    const key = generateVirtualKey();
    const now = new Date().toISOString();
    const record: KeyRecord = { ...settings, id: `vk_${randomBytes(12).toString('base64url')}`, key_sha256: sha256Hex(key), created_at: now, updated_at: now };
    await this.named(settings.name, () => this.shared.save(record));
    return ok({ ...recordView(record), key }, 201);
  }

  private async update(current: KeyRecord, patch: KeyPatch): Promise<JsonResult> {
    const next: KeyRecord = { ...current, ...patch.set, updated_at: new Date().toISOString() };
    for (const field of patch.clear) delete next[field];
    const renamed = patch.set.name !== undefined && patch.set.name !== current.name;
    await (renamed ? this.named(next.name, () => this.shared.save(next)) : this.shared.save(next));
    return ok(recordView(next));
  }

  private async delete(current: KeyRecord): Promise<JsonResult> {
    await this.shared.delete(current.id);
    return ok({ object: 'virtual_key', id: current.id, deleted: true });
  }

  /** `write` under the name, checked against the YAML keys and, atomically across instances, the run-time ones. */
  private async named(name: string, write: () => Promise<void>): Promise<void> {
    this.assertNameFree(name);
    if ((await this.shared.withName(name, write)) === 'taken') throw nameTaken(name, 'another run-time key');
  }

  private async rotate(current: KeyRecord): Promise<JsonResult> {
    const key = generateVirtualKey();
    const next: KeyRecord = { ...current, key_sha256: sha256Hex(key), updated_at: new Date().toISOString() };
    await this.shared.save(next);
    return ok({ ...recordView(next), key });
  }

  private seed(id: string): VirtualKeyConfig | undefined {
    return id.startsWith(CONFIG_ID_PREFIX) ? this.seeds.find((s) => s.name === id.slice(CONFIG_ID_PREFIX.length)) : undefined;
  }

  private existing(id: string): KeyRecord {
    const record = this.shared.table.record(id);
    if (!record) throw notFound('virtual_key_not_found', `There is no virtual key with id "${id.slice(0, 128)}"; GET /admin/virtual-keys lists them.`);
    return record;
  }

  /** A run-time key; a YAML key is refused with where to change it. */
  private writable(id: string): KeyRecord {
    const seed = this.seed(id);
    if (seed) {
      throw new GatewayError({ status: 409, type: 'invalid_request_error', code: 'virtual_key_in_config', message: `Virtual key "${seed.name}" lives in the config file (auth.virtual_keys): change, rotate or remove it there and restart the gateway, or create a run-time key instead.` });
    }
    return this.existing(id);
  }

  private assertNameFree(name: string): void {
    const where = this.seeds.some((s) => s.name === name) ? 'a key in the config file (auth.virtual_keys)' : this.shared.table.named(name) ? 'a run-time key' : undefined;
    if (where) throw nameTaken(name, where);
  }
}

