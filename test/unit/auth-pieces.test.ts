// The auth plugin's pieces: model globs, which credential a request
// presents, the constant-time key table, and the model check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ModelRef, SpeechRequest } from '../../core/types.js';
import { generateVirtualKey, sha256Bytes, sha256Hex } from '../../plugins/auth/keys.js';
import { isGatewayError } from '../../core/errors.js';
import { presentedCredential } from '../../plugins/auth/credentials.js';
import { ModelGlobs, globProblem } from '../../plugins/auth/model-globs.js';
import { assertModelsAllowed, requestedModels } from '../../plugins/auth/model-access.js';
import { VirtualKeyTable } from '../../plugins/auth/virtual-keys.js';

const code = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    assert.ok(isGatewayError(err), String(err));
    return `${err.status} ${err.code}`;
  }
  return 'passed';
};

test('globs: * spans anything (slashes too), ? one character, the rest literal', () => {
  const globs = ModelGlobs.compile(['openai/*', 'elevenlabs/eleven_?2', 'local/a.b']);
  assert.ok(globs.allows('openai/whisper-1'));
  assert.ok(globs.allows('openai/org/model'));
  assert.ok(globs.allows('elevenlabs/eleven_v2'));
  assert.ok(!globs.allows('elevenlabs/eleven_v22'));
  assert.ok(globs.allows('local/a.b'));
  assert.ok(!globs.allows('local/axb'), 'a dot is a dot');
  assert.ok(!globs.allows('azure/openai/x'));
  assert.ok(!globs.allows('OpenAI/whisper-1'), 'case-sensitive');
  assert.ok(ModelGlobs.compile(undefined).allows('any/thing'));
  assert.ok(!ModelGlobs.compile([]).allows('any/thing'));
  assert.equal(globProblem('openai/*'), undefined);
  assert.equal(globProblem('*'), undefined);
  assert.match(globProblem('whisper-1')!, /provider\/model/);
  assert.match(globProblem('openai/')!, /provider\/model/);
});

test('one credential per request: none, the same in several headers, or refused', () => {
  assert.equal(presentedCredential([]), undefined);
  const key = generateVirtualKey();
  assert.deepEqual(presentedCredential([{ source: 'x-bf-vk', value: key }, { source: 'api-key', value: key }]), { kind: 'virtual_key', value: key, source: 'x-bf-vk' });
  assert.equal(presentedCredential([{ source: 'authorization', value: 'aaa.bbb.ccc' }])?.kind, 'jwt');
  assert.equal(code(() => presentedCredential([{ source: 'authorization', value: '' }])), '401 malformed_credentials');
  assert.equal(code(() => presentedCredential([{ source: 'authorization', value: 'aaa.bbb' }])), '401 malformed_credentials');
  assert.equal(code(() => presentedCredential([{ source: 'authorization', value: key }, { source: 'api-key', value: 'other' }])), '401 conflicting_credentials');
});

test('the key table finds keys by digest, whichever way they were configured', () => {
  const [a, b] = [generateVirtualKey(), generateVirtualKey()];
  const table = VirtualKeyTable.fromConfig([{ name: 'a', key: a }, { name: 'b', key_sha256: sha256Hex(b).toUpperCase() }]);
  assert.equal(table.match(sha256Bytes(a))?.name, 'a');
  assert.equal(table.match(sha256Bytes(b))?.name, 'b');
  assert.equal(table.match(sha256Bytes(`${a} `)), undefined);
  assert.equal(table.match(sha256Bytes(generateVirtualKey())), undefined);
  // The digest as bytes is the key_sha256 a config holds, decoded.
  assert.equal(sha256Bytes(a).toString('hex'), sha256Hex(a));
  assert.equal(sha256Hex('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  assert.equal(table.named('b')?.name, 'b');
});

test('the model check covers the model and every fallback', () => {
  const identity = { principal: { kind: 'virtual_key' as const, id: 'vk:a', name: 'a', isAdmin: false, attributes: {} }, models: ModelGlobs.compile(['openai/*']) };
  const ref = (provider: string, model: string) => ({ provider, model });
  const speech = (model: ModelRef, fallbacks: ModelRef[] = []): SpeechRequest => ({ type: 'speech', model, fallbacks, input: 'x', voice: 'alloy', response_format: 'mp3', providerOptions: {}, extra: {} });
  assert.deepEqual(requestedModels(speech(ref('openai', 'tts-1'), [ref('azure', 'tts')])), [{ model: 'openai/tts-1', param: 'model' }, { model: 'azure/tts', param: 'fallbacks' }]);
  assert.equal(code(() => assertModelsAllowed(identity, speech(ref('openai', 'tts-1'), [ref('openai', 'tts-1-hd')]))), 'passed');
  assert.equal(code(() => assertModelsAllowed(identity, speech(ref('azure', 'tts')))), '403 model_not_allowed');
  assert.equal(code(() => assertModelsAllowed(identity, speech(ref('openai', 'tts-1'), [ref('azure', 'tts')]))), '403 model_not_allowed');
  assert.equal(code(() => assertModelsAllowed({ ...identity, models: ModelGlobs.compile([]) }, speech(ref('openai', 'tts-1')))), '403 model_not_allowed', '[] allows none');
});
