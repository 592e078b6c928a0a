// Property tests: random and malformed bodies, headers, content types, job
// ids, paths and methods against every route. Whatever arrives, the answer is
// never a 5xx or a hang: a 2xx when the input happened to be valid, else a
// 4xx in the error shape; and the process stays up.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { FakeOpenAI } from '../fakes/openai.js';
import { startGateway, type TestGateway } from '../helpers/gateway.js';

let fake: FakeOpenAI;
let gw: TestGateway;
const RUNS = 120;

before(async () => {
  fake = await FakeOpenAI.start();
  gw = await startGateway({
    server: { max_upload_mb: 1, max_json_kb: 64 },
    providers: { openai: { base_url: fake.url }, azure: { endpoint: fake.origin, deployments: { 'whisper-1': 'w' } } },
    auth: { required: false },
    plugins: [{ name: 'auth' }, { name: 'rate-limit' }, { name: 'async-job' }, { name: 'cache' }, { name: 'fallback', max_retries: 0 }, { name: 'logging', level: 'warn' }],
  });
});
after(async () => {
  await gw.close();
  await fake.close();
});

/** Sends, then checks the one property every answer must have. */
async function answersSanely(path: string, init: RequestInit): Promise<void> {
  const res = await fetch(gw.url + path, { ...init, signal: AbortSignal.timeout(10_000) });
  const text = await res.text();
  assert.ok(res.status < 500, `${init.method ?? 'GET'} ${path} answered ${res.status}: ${text.slice(0, 300)}`);
  if (res.status >= 400) {
    const body = JSON.parse(text) as { status_code: number; error: { code: string; message: string } };
    assert.equal(body.status_code, res.status);
    assert.equal(typeof body.error.code, 'string');
    assert.ok(body.error.message.length > 0);
  }
}

const TRANSCRIPTION_PATHS = ['/v1/audio/transcriptions', '/v1/async/audio/transcriptions', '/openai/deployments/w/audio/transcriptions'];
const SPEECH_PATHS = ['/v1/audio/speech', '/v1/async/audio/speech', '/openai/v1/audio/speech'];
const printable = fc.string({ unit: fc.constantFrom(...' !#$%&*+-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ^_`abcdefghijklmnopqrstuvwxyz|~'.split('')), maxLength: 40 });
const fieldNames = fc.oneof(fc.constantFrom('model', 'file', 'response_format', 'temperature', 'language', 'stream', 'fallbacks', 'fallbacks[]', 'timestamp_granularities[]', 'file_format', 'prompt'), printable);
const fieldValues = fc.oneof(fc.constantFrom('openai/whisper-1', 'whisper-1', 'json', 'srt', 'true', '0.5', '-1', 'NaN', '[]', '["openai/x"]', ''), fc.string({ maxLength: 60 }));

/** A multipart body from random parts, then perhaps damaged. */
const multipart = fc
  .record({
    boundary: fc.constantFrom('B', 'xyz', '----b0und4ry'),
    fields: fc.array(fc.tuple(fieldNames, fieldValues), { maxLength: 8 }),
    file: fc.option(fc.record({ name: fc.oneof(fc.constant('file'), printable), filename: printable, type: fc.constantFrom('audio/mpeg', 'audio/wav', '', 'text/plain'), bytes: fc.uint8Array({ maxLength: 3000 }) })),
    damage: fc.oneof(fc.constant<'none'>('none'), fc.constant<'truncate'>('truncate'), fc.constant<'noise'>('noise')),
    cut: fc.nat(),
    noise: fc.uint8Array({ minLength: 1, maxLength: 64 }),
    contentType: fc.oneof(fc.constant('multipart'), fc.constantFrom('multipart/form-data', 'application/json', 'text/plain', 'multipart/form-data; boundary=', 'multipart/mixed; boundary=B')),
  })
  .map((m) => {
    const parts: Buffer[] = [];
    for (const [name, value] of m.fields) parts.push(Buffer.from(`--${m.boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
    if (m.file) {
      parts.push(Buffer.from(`--${m.boundary}\r\nContent-Disposition: form-data; name="${m.file.name}"; filename="${m.file.filename}"\r\n${m.file.type ? `Content-Type: ${m.file.type}\r\n` : ''}\r\n`));
      parts.push(Buffer.from(m.file.bytes), Buffer.from('\r\n'));
    }
    parts.push(Buffer.from(`--${m.boundary}--\r\n`));
    let body = Buffer.concat(parts);
    if (m.damage === 'truncate') body = body.subarray(0, m.cut % (body.length + 1));
    if (m.damage === 'noise') body = Buffer.concat([body.subarray(0, m.cut % (body.length + 1)), Buffer.from(m.noise), body.subarray(m.cut % (body.length + 1))]);
    const type = m.contentType === 'multipart' ? `multipart/form-data; boundary=${m.boundary}` : m.contentType;
    return { body, type };
  });

test('random and damaged multipart uploads to every transcription route', async () => {
  await fc.assert(
    fc.asyncProperty(multipart, fc.constantFrom(...TRANSCRIPTION_PATHS), async ({ body, type }, path) => {
      await answersSanely(path, { method: 'POST', body, headers: { 'content-type': type } });
    }),
    { numRuns: RUNS },
  );
});

test('random JSON and not-JSON to every speech route', async () => {
  const bodies = fc.oneof(
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc.record({ model: fc.oneof(fc.constant('openai/tts-1'), fc.string()), input: fc.oneof(fc.string(), fc.integer()), voice: fc.oneof(fc.constant('alloy'), fc.jsonValue()), speed: fc.oneof(fc.double(), fc.string()), response_format: fc.string(), stream_format: fc.constantFrom('sse', 'audio', 'x') }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
    fc.string({ maxLength: 200 }),
  );
  await fc.assert(
    fc.asyncProperty(bodies, fc.constantFrom(...SPEECH_PATHS), fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded'), async (body, path, type) => {
      await answersSanely(path, { method: 'POST', body, headers: { 'content-type': type } });
    }),
    { numRuns: RUNS },
  );
});

test('odd header values: TTLs, cache keys, credentials, request ids', async () => {
  await fc.assert(
    fc.asyncProperty(printable, fc.constantFrom('x-bf-async-job-result-ttl', 'x-bf-cache-ttl', 'x-bf-cache-key', 'authorization', 'x-bf-vk', 'api-key', 'x-request-id'), async (value, header) => {
      await answersSanely('/v1/async/audio/speech', {
        method: 'POST',
        body: JSON.stringify({ model: 'openai/tts-1', input: 'hi', voice: 'alloy' }),
        headers: { 'content-type': 'application/json', [header]: value, 'x-bf-cache-key': header === 'x-bf-cache-key' ? value : 'fuzz' },
      });
    }),
    { numRuns: RUNS },
  );
});

test('random job ids, paths and methods', async () => {
  const segment = fc.string({ maxLength: 60 }).map((s) => encodeURIComponent(s));
  await fc.assert(
    fc.asyncProperty(fc.constantFrom('transcriptions', 'speech', 'speech/x/content'), segment, async (kind, id) => {
      await answersSanely(`/v1/async/audio/${kind.replace('/x', `/${id}`)}${kind.includes('/x') ? '' : `/${id || 'none'}`}`, {});
    }),
    { numRuns: RUNS },
  );
  await fc.assert(
    fc.asyncProperty(fc.constantFrom('GET', 'PUT', 'DELETE', 'PATCH', 'POST'), fc.array(segment, { maxLength: 4 }), async (method, parts) => {
      await answersSanely(`/${parts.join('/')}`, { method });
    }),
    { numRuns: RUNS },
  );
});

test('the process is up after everything', async () => {
  assert.equal((await fetch(`${gw.url}/health`)).status, 200);
});
