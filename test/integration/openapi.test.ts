// GET /openapi.json documents every route the server has, with the same
// schemas the gateway validates requests with. Walking the real express
// router, a route added without an entry makes this fail. It passes
// @redocly/cli lint with the recommended rules.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Express } from 'express';
import { packageRoot } from '../../core/paths.js';
import { startGateway, type TestGateway } from '../helpers/gateway.js';
import { speechBodySchema } from '../../core/schemas/speech.js';
import { transcriptionFieldsSchema } from '../../core/schemas/transcription.js';
import { requestSchema } from '../../core/params/request-schema.js';

let gw: TestGateway;
interface Doc {
  openapi: string;
  paths: Record<string, Record<string, { summary?: string; operationId?: string; responses: Record<string, unknown>; requestBody?: { content: Record<string, { schema: Record<string, unknown> }> } }>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> };
}
let doc: Doc;

before(async () => {
  gw = await startGateway({
    providers: { openai: { base_url: 'http://127.0.0.1:9/v1' }, azure: { endpoint: 'http://127.0.0.1:9', deployments: { 'whisper-1': 'w' } } },
    auth: { required: false },
  });
  doc = (await (await fetch(`${gw.url}/openapi.json`)).json()) as Doc;
});
after(async () => gw.close());

/** Every (method, path) the express router serves, in OpenAPI's {param} form. */
function servedRoutes(): Array<[string, string]> {
  // The listener sends the hot POST paths straight to their handlers and the rest to express: the routes are express's.
  const listener = gw.gateway.server.listeners('request')[0] as { app?: Express } & Express;
  const app = listener.app ?? listener;
  const stack = (app as unknown as { router: { stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }> } }).router.stack;
  const out: Array<[string, string]> = [];
  for (const layer of stack) {
    if (!layer.route) continue;
    const path = layer.route.path.replace(/:([A-Za-z_]\w*)/g, '{$1}');
    const methods = Object.entries(layer.route.methods).filter(([, on]) => on).map(([m]) => m);
    // app.all catch-alls answer 405 for documented paths; they are not routes of their own.
    if (methods.includes('_all') || methods.length > 20) continue;
    for (const method of methods) out.push([method, path]);
  }
  return out;
}

test('it is an OpenAPI 3.1 document', () => {
  assert.equal(doc.openapi, '3.1.0');
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      assert.ok(op.summary, `${method} ${path} has a summary`);
      assert.ok(Object.keys(op.responses).length > 0, `${method} ${path} has responses`);
    }
  }
  const refs = JSON.stringify(doc).match(/#\/components\/schemas\/\w+/g) ?? [];
  for (const r of new Set(refs)) assert.ok(doc.components.schemas[r.split('/').at(-1)!], `${r} resolves`);
});

test('every route the server serves has a document entry', () => {
  const served = servedRoutes();
  assert.ok(served.length >= 15, `the router was read (${served.length} routes)`);
  const missing = served.filter(([method, path]) => !doc.paths[path]?.[method]);
  assert.deepEqual(missing, [], 'routes without a document entry');
  for (const path of ['/v1/audio/transcriptions', '/openai/v1/audio/speech', '/openai/deployments/{deployment}/audio/transcriptions', '/v1/async/audio/speech/{job_id}/content', '/ready', '/metrics']) {
    assert.ok(doc.paths[path], path);
  }
});

test('requests are described with the schemas the gateway validates with', () => {
  const speech = doc.paths['/v1/audio/speech']!.post!.requestBody!.content['application/json']!.schema;
  assert.deepEqual(speech.allOf, [{ $ref: '#/components/schemas/SpeechRequest' }]);
  // The shared fields and every loaded adapter's own params (capabilities.speech.accepts.own), as validated.
  const validated = requestSchema('speech', gw.gateway.providers.params);
  assert.deepEqual(doc.components.schemas.SpeechRequest!.properties, JSON.parse(JSON.stringify(validated.properties)));
  for (const field of Object.keys(speechBodySchema.properties)) assert.ok(doc.components.schemas.SpeechRequest!.properties![field], field);
  for (const field of ['language_code', 'pronunciation_dictionary_locators', 'enable_logging', 'optimize_streaming_latency', 'with_timestamps']) {
    assert.ok(doc.components.schemas.SpeechRequest!.properties![field], `${field}, an adapter's own param, is still documented`);
  }
  assert.deepEqual(speech.required, ['model', 'input', 'voice']);
  const form = doc.paths['/v1/audio/transcriptions']!.post!.requestBody!.content['multipart/form-data']!.schema as { allOf: unknown[]; properties: Record<string, unknown>; required: string[] };
  assert.deepEqual(form.allOf, [{ $ref: '#/components/schemas/TranscriptionFields' }]);
  for (const field of Object.keys(transcriptionFieldsSchema.properties)) assert.ok(doc.components.schemas.TranscriptionFields!.properties![field], field);
  assert.ok(form.properties.file, 'the file part');
  assert.deepEqual(form.required, ['model', 'file']);
  const azure = doc.paths['/openai/deployments/{deployment}/audio/transcriptions']!.post!.requestBody!.content['multipart/form-data']!.schema as { required: string[] };
  assert.deepEqual(azure.required, ['file'], 'the deployment names the model on Azure routes');
  assert.ok(doc.paths['/v1/async/audio/transcriptions']!.post!.responses['202']);
});

test('every operation has a unique operationId, and /v1/models is documented', () => {
  const ids = Object.values(doc.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
  assert.ok(ids.every((id) => typeof id === 'string' && /^[A-Za-z0-9_]+$/.test(id)), 'url-safe operationIds');
  assert.equal(new Set(ids).size, ids.length, 'unique operationIds');
  for (const p of ['/v1/models', '/openai/v1/models']) assert.ok(doc.paths[p]?.get?.responses['200'], p);
});

test('@redocly/cli lint with the recommended rules finds nothing', async () => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'voxgate-openapi-')), 'openapi.json');
  writeFileSync(file, JSON.stringify(doc));
  const redocly = path.join(packageRoot, 'node_modules', '.bin', 'redocly');
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' };
  const result = await promisify(execFile)(redocly, ['lint', '--extends=recommended', '--format=json', file], { env, maxBuffer: 16 * 1024 * 1024 }).catch(
    (err: { stdout?: string; stderr?: string }) => ({ stdout: err.stdout ?? '', stderr: err.stderr ?? '' }),
  );
  const report = JSON.parse(result.stdout) as { totals: { errors: number; warnings: number }; problems: Array<{ ruleId: string; message: string; location: Array<{ pointer: string }> }> };
  const problems = report.problems.map((p) => `${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`);
  assert.deepEqual(problems, [], 'lint problems');
  assert.deepEqual(report.totals, { ...report.totals, errors: 0, warnings: 0 });
});
