// A gateway for the admin API and dashboard tests: the shipped config with
// an admin key, a virtual key, a JWT secret, a log store in a temp
// directory, and OpenAI pointed at a fake.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FakeOpenAI } from '../fakes/openai.js';
import { startGateway, type TestGateway } from './gateway.js';
import { shippedConfigWith } from './shipped-config.js';

export const ADMIN_KEY = 'sk-bf-admin-key-for-tests-0123456789';
export const TEAM_KEY = 'sk-bf-team-a-key-for-tests-0123456789';
export const JWT_SECRET = 'a-jwt-secret-for-the-admin-tests-0123456789';
const UPSTREAM_KEY = 'sk-upstream-admin-tests-123456';

export interface AdminSetup {
  gw: TestGateway;
  fake: FakeOpenAI;
  close(): Promise<void>;
}

export async function startAdminGateway(extra: Record<string, unknown> = {}): Promise<AdminSetup> {
  const fake = await FakeOpenAI.start({ apiKey: UPSTREAM_KEY });
  const dir = mkdtempSync(path.join(tmpdir(), 'voxgate-admin-'));
  const config = shippedConfigWith({
    auth: {
      required: true,
      admin_keys: [{ name: 'ops', key: '${VOXGATE_ADMIN_KEY}' }],
      virtual_keys: [{ name: 'team-a', key: TEAM_KEY }],
      jwt: { secret: JWT_SECRET },
    },
    logs: { store: `sqlite://${path.join(dir, 'logs.db')}` },
    ...extra,
    providers: { openai: { base_url: fake.url, keys: [{ value: UPSTREAM_KEY }] } },
  });
  const gw = await startGateway(config, { env: { VOXGATE_ADMIN_KEY: ADMIN_KEY } });
  return {
    gw,
    fake,
    async close() {
      await gw.close();
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const asAdmin = { authorization: `Bearer ${ADMIN_KEY}` };
export const asTeam = { authorization: `Bearer ${TEAM_KEY}` };
