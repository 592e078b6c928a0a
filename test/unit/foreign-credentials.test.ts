// Which credentials auth sets aside as foreign (neither a virtual key nor a
// JWT) and what it then decides, with auth off and on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Credential } from '../../core/context.js';
import { foreignCredential, isForeign } from '../../plugins/auth/credentials.js';
import { Authenticator } from '../../plugins/auth/identify.js';
import { compileAuth } from '../../plugins/auth/settings.js';
import type { GatewayConfig } from '../../core/config/types.js';
import { isGatewayError } from '../../core/errors.js';

const KEY = 'sk-bf-unit-foreign-0123456789abcdef';
const JWT_SHAPED = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln';
const cred = (source: Credential['source'], value: string): Credential => ({ source, value });

function authenticator(auth: Record<string, unknown>, providers: GatewayConfig['providers'] = {}): Authenticator {
  const { settings, problems } = compileAuth({ auth, providers } as unknown as GatewayConfig);
  assert.ok(settings, JSON.stringify(problems));
  return new Authenticator(settings);
}

const codeOf = (step: () => unknown): string | undefined => {
  try {
    step();
    return undefined;
  } catch (err) {
    assert.ok(isGatewayError(err));
    return err.code;
  }
};

test('foreign means shaped as neither a virtual key nor a JWT', () => {
  assert.equal(isForeign(cred('authorization', 'unused-while-auth-is-off')), true);
  assert.equal(isForeign(cred('api-key', 'sk-proj-abc')), true);
  assert.equal(isForeign(cred('authorization', KEY)), false);
  assert.equal(isForeign(cred('authorization', JWT_SHAPED)), false);
  assert.equal(isForeign(cred('authorization', '')), false, 'an empty header is malformed, not foreign');
  assert.equal(foreignCredential([cred('authorization', 'a'), cred('api-key', 'a')]), 'a');
  assert.equal(foreignCredential([cred('authorization', 'a'), cred('api-key', 'b')]), undefined, 'two different ones: no guess');
});

test('auth off: foreign credentials on any header are ignored, a real one beside them still counts', () => {
  const auth = authenticator({ required: false, virtual_keys: [{ name: 'team', key: KEY }] });
  for (const source of ['authorization', 'api-key', 'x-bf-vk'] as const) {
    assert.equal(auth.identify([cred(source, 'placeholder')], '10.0.0.1').principal.kind, 'anonymous', source);
  }
  assert.equal(auth.identify([cred('authorization', 'placeholder'), cred('x-bf-vk', KEY)], '10.0.0.1').principal.id, 'vk:team');
  assert.equal(codeOf(() => auth.identify([cred('authorization', 'sk-bf-unknown-key-0123456789')], '10.0.0.1')), 'unknown_virtual_key');
  assert.equal(codeOf(() => auth.identify([cred('authorization', '')], '10.0.0.1')), 'malformed_credentials');
});

test('auth on: a foreign credential is malformed, unless a provider takes client keys', () => {
  const strict = authenticator({ required: true, virtual_keys: [{ name: 'team', key: KEY }] });
  assert.equal(codeOf(() => strict.identify([cred('authorization', 'placeholder')], '10.0.0.1')), 'malformed_credentials');
  const byok = authenticator({ required: true, virtual_keys: [{ name: 'team', key: KEY }] }, { openai: { allow_client_keys: true, max_connections: 1 } });
  assert.equal(codeOf(() => byok.identify([cred('authorization', 'sk-proj-own')], '10.0.0.1')), 'missing_credentials', 'still needs a credential of its own');
  assert.equal(byok.identify([cred('authorization', 'sk-proj-own'), cred('x-bf-vk', KEY)], '10.0.0.1').principal.id, 'vk:team');
});
