// Adapters' declared params: the request builder moves them into
// providerOptions (validating them against every declaring adapter's
// schema), and core computes what a target ignores or must refuse.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defineAdapter, type ProviderAdapter } from '../../core/provider.js';
import { ParamCatalog } from '../../core/params/catalog.js';
import { ignoredParams, refusedParam, warningNames, withoutIgnored } from '../../core/params/ignored.js';
import { paramsOf } from '../../core/params/declared.js';
import { requestSchema } from '../../core/params/request-schema.js';
import { declarationProblems } from '../../core/params/check.js';
import { buildSpeechRequest } from '../../core/requests/speech.js';
import { buildTranscriptionRequest } from '../../core/requests/transcription.js';
import type { GatewayError } from '../../core/errors.js';
import type { AudioFile } from '../../core/types.js';

const unused = async (): Promise<never> => {
  throw new Error('not called');
};

// alpha and beta both take `tone` (with different schemas); alpha's `timed` changes the answer; gamma takes no instructions.
const alpha: ProviderAdapter = defineAdapter({
  id: 'alpha',
  capabilities: {
    speech: { formats: ['mp3'], accepts: { own: { tone: { schema: { enum: ['warm', 'cold', 'flat'] } }, timed: { schema: { type: 'boolean' }, shapesAnswer: true } } } },
    transcription: { formats: ['json'], accepts: { shared: ['language'], own: { profanity: { schema: { type: 'boolean' } }, terms: { schema: { type: 'array', items: { type: 'string' } } } } } },
  },
  speak: unused,
  transcribe: unused,
});
const beta: ProviderAdapter = defineAdapter({
  id: 'beta',
  capabilities: { speech: { formats: ['mp3'], accepts: { own: { tone: { schema: { type: 'string', maxLength: 4 } }, speed: { schema: { type: 'string' } } } } } },
  speak: unused,
});
const gamma: ProviderAdapter = defineAdapter({ id: 'gamma', capabilities: { speech: { formats: ['mp3'], accepts: { shared: ['speed'] } } }, speak: unused });

const catalog = new ParamCatalog([alpha, beta, gamma]);
const providers = { has: (n: string) => ['a', 'b', 'g'].includes(n), names: () => ['a', 'b', 'g'] };
const speech = (body: Record<string, unknown>) => buildSpeechRequest({ model: 'a/m', input: 'Hi', voice: 'v', ...body }, providers, undefined, catalog);
const status = (fn: () => unknown): { code?: string; param?: string } => {
  try {
    fn();
  } catch (err) {
    const e = err as GatewayError;
    return { code: e.code, param: e.param };
  }
  return {};
};

test('the builder moves a declared param to every adapter that takes it; unknown fields stay in extra, shared ones in place', () => {
  const req = speech({ tone: 'warm', timed: true, speed: 1.5, seed: 3 });
  assert.deepEqual(req.providerOptions, { alpha: { tone: 'warm', timed: true }, beta: { tone: 'warm' } });
  assert.deepEqual(req.extra, { seed: 3 });
  assert.equal(req.speed, 1.5, 'a shared name is never an adapter param (beta cannot redefine speed)');
  assert.deepEqual(speech({}).providerOptions, {});
});

test('a declared param is validated against every declaring schema, whichever provider the request is for', () => {
  assert.deepEqual(status(() => speech({ tone: 'loud' })), { code: 'invalid_request', param: 'tone' });
  assert.deepEqual(status(() => speech({ tone: 'cold' })), {}, 'both schemas hold');
  assert.deepEqual(status(() => speech({ timed: 'yes' })), { code: 'invalid_request', param: 'timed' });
  const schema = requestSchema('speech', catalog);
  assert.deepEqual(schema.properties.tone, { allOf: [{ enum: ['warm', 'cold', 'flat'] }, { type: 'string', maxLength: 4 }] });
  assert.deepEqual(schema.properties.speed, { type: 'number', minimum: 0.25, maximum: 4 }, 'the shared schema wins');
  assert.ok(!('tone' in requestSchema('speech', new ParamCatalog()).properties));
});

test('multipart fields of a declared transcription param are coerced by its schema and moved', () => {
  const file: AudioFile = { chunks: [Buffer.from('abc')], size: 3, filename: 'a.wav', contentType: 'audio/wav' };
  const fields = new Map([['model', ['a/m']], ['profanity', ['true']], ['keyterm', ['x']], ['terms', ['one']]]);
  const req = buildTranscriptionRequest(fields, file, providers, undefined, undefined, catalog);
  assert.deepEqual(req.providerOptions, { alpha: { profanity: true, terms: ['one'] } }, 'a list param given once is still a list');
  assert.deepEqual(req.extra, { keyterm: 'x' });
  assert.deepEqual(status(() => buildTranscriptionRequest(new Map([['model', ['a/m']], ['profanity', ['maybe']]]), file, providers, undefined, undefined, catalog)), { code: 'invalid_request', param: 'profanity' });
});

test('ignored: shared fields outside accepts.shared first, then params the target does not declare, in the order sent', () => {
  const req = speech({ instructions: 'calm', speed: 2, timed: false, tone: 'flat' });
  const names = (adapter: ProviderAdapter) => ignoredParams(adapter, req, catalog).map((w) => w.param);
  assert.deepEqual(names(gamma), ['instructions', 'tone'], 'timed false asks nothing');
  assert.deepEqual(names(alpha), [], 'alpha takes every shared field and both its own');
  assert.deepEqual(names(beta), [], 'beta takes tone; timed is false');
  assert.deepEqual(ignoredParams(gamma, req, catalog)[0], { type: 'ignored_param', param: 'instructions', reason: 'not_taken' });
  assert.deepEqual(warningNames([...ignoredParams(gamma, req, catalog), { type: 'ignored_param', param: 'tone', reason: 'not_applicable' }]), ['instructions', 'tone']);
});

test('what a target ignores of the shared fields is not passed to its adapter', () => {
  const req = speech({ instructions: 'calm', speed: 2 });
  const asked = withoutIgnored(req, ignoredParams(gamma, req, catalog));
  assert.equal('instructions' in asked, false);
  assert.equal(asked.speed, 2);
  assert.equal(req.instructions, 'calm', 'the request itself is untouched (fallbacks see it whole)');
  assert.equal(withoutIgnored(req, []), req);
});

test('a param that changes the answer is refused by a target that does not take it, naming the adapters that do', () => {
  const timed = speech({ timed: true });
  const refused = refusedParam(gamma, 'g', timed, catalog);
  assert.equal(refused?.param, 'timed');
  assert.equal(refused?.status, 400);
  assert.match(refused!.message, /Provider "g" does not take timed.*type alpha/);
  assert.equal(refusedParam(alpha, 'a', timed, catalog), undefined);
  assert.equal(refusedParam(gamma, 'g', speech({ timed: false }), catalog), undefined, 'false asks nothing');
  assert.deepEqual(catalog.answerShapers('speech', timed.providerOptions), ['timed']);
  assert.deepEqual(catalog.answerShapers('speech', undefined), []);
});

test('declarations are checked at start-up: shared names it may not list or redefine, and schemas that do not compile', () => {
  const bad = defineAdapter({
    id: 'bad',
    capabilities: {
      speech: {
        formats: ['mp3'],
        // @ts-expect-error -- a JavaScript adapter may list any name
        accepts: { shared: ['speed', 'voice'], own: { input: { schema: { type: 'string' } }, mood: { schema: { type: 'strnig' } } } },
      },
    },
    speak: unused,
  });
  const problems = declarationProblems(bad);
  assert.equal(problems.length, 3, problems.join('\n'));
  assert.match(problems[0]!, /accepts\.shared lists "voice"/);
  assert.match(problems[1]!, /own declares "input", a shared speech field/);
  assert.match(problems[2]!, /own\.mood\.schema is not a valid JSON Schema/);
  assert.deepEqual([alpha, gamma].flatMap(declarationProblems), []);
  assert.match(declarationProblems(beta).join(), /"speed", a shared speech field/, 'the catalog ignores such a param; start-up refuses it');
});

test('paramsOf reads an adapter its own params; a request from before providerOptions existed has none', () => {
  assert.deepEqual(paramsOf<{ tone?: string }>(speech({ tone: 'warm' }), 'alpha'), { tone: 'warm' });
  assert.deepEqual(paramsOf<{ tone?: string }>({}, 'alpha'), {});
});
