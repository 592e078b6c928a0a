// Property tests: random and malformed bodies, headers, content types, job
// ids, paths and methods against every route, through the default chain (every
// built-in plugin) in front of a healthy fake upstream. Random bytes, random
// multipart, random JSON (deep, wide, odd unicode, control characters in
// every field, __proto__ keys) and random headers. Whatever arrives, the
// answer is never a 5xx or a hang: a 2xx when the input happened to be
// valid, else a 4xx in the error shape; and the process stays up.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { FakeOpenAI } from '../fakes/openai.js';
import { startGateway, type TestGateway } from '../helpers/gateway.js';

let fake: FakeOpenAI;
let gw: TestGateway;
const RUNS = 120;
/** What the properties sent and got, reported at the end. */
const tally = { inputs: 0, '2xx': 0, '4xx': 0, '5xx': 0 };

before(async () => {
  fake = await FakeOpenAI.start();
  gw = await startGateway({
    server: { max_upload_mb: 1, max_json_kb: 64 },
    providers: { openai: { base_url: fake.url }, azure: { endpoint: fake.origin, deployments: { 'whisper-1': 'w' } } },
    auth: { required: false },
    log: { level: 'warn' },
    // No `plugins:`: the default chain, as shipped.
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
  tally.inputs += 1;
  tally[res.status >= 500 ? '5xx' : res.status >= 400 ? '4xx' : '2xx'] += 1;
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

/** Any character at all: controls, surrogates' neighbours, other scripts, emoji. */
const oddText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom('\u0000', '\u0001', '\u0007', '\b', '\t', '\n', '\r', '\u001b', '\u007f', '\u0085', '\u00a0', '\u2028', '\u202e', '\ufeff', '\ufffd', '１', 'é', '😀', '"', '\\', '/', '%'), maxLength: 20 }),
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'),
);
const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  oddText,
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(oddText, { maxLength: 5 }),
  fc.dictionary(oddText, oddText, { maxKeys: 5 }),
);
/** JSON nested `depth` levels deep, as text (past the limit, and short of it). */
const deepJson = fc.tuple(fc.integer({ min: 1, max: 80 }), fc.constantFrom('[', '{"a":')).map(([depth, open]) => `${open.repeat(depth)}1${(open === '[' ? ']' : '}').repeat(depth)}`);
const SPEECH_FIELDS = ['model', 'input', 'voice', 'response_format', 'speed', 'instructions', 'fallbacks', 'stream_format', 'language_code', 'with_timestamps', 'pronunciation_dictionary_locators', 'enable_logging', 'optimize_streaming_latency', 'seed', '__proto__', 'constructor'];
/** A speech body: every known field (and __proto__) either valid, odd, deep or missing; or a very wide object. */
const speechBody = fc.oneof(
  fc
    .record(
      Object.fromEntries(
        SPEECH_FIELDS.map((f) => [f, fc.oneof(oddValue, deepJson.map((d) => ({ __raw: d })), fc.constant(f === 'model' ? 'openai/tts-1' : f === 'input' ? 'hi' : f === 'voice' ? 'alloy' : undefined))]),
      ),
      { requiredKeys: [] },
    )
    .map((fields) => {
      // Own "__proto__" keys and raw nested JSON need hand-written text: JSON.stringify would drop or quote them.
      const parts = Object.entries(fields)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${JSON.stringify(k)}:${typeof v === 'object' && v !== null && '__raw' in v ? String((v as { __raw: string }).__raw) : JSON.stringify(v)}`);
      return `{${parts.join(',')}}`;
    }),
  fc.integer({ min: 100, max: 3000 }).map((n) => JSON.stringify({ model: 'openai/tts-1', input: 'hi', voice: 'alloy', ...Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i])) })),
  deepJson,
);

test('random JSON to every speech route: deep, wide, odd unicode, control characters in every field, __proto__ keys', async () => {
  await fc.assert(
    fc.asyncProperty(speechBody, fc.constantFrom(...SPEECH_PATHS), async (body, path) => {
      await answersSanely(path, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    }),
    { numRuns: RUNS },
  );
});

test('random multipart with odd text in every field, to every transcription route', async () => {
  const fields = fc.dictionary(fc.oneof(fieldNames, fc.constantFrom('__proto__', 'constructor')), oddText, { maxKeys: 8 });
  await fc.assert(
    fc.asyncProperty(fields, fc.boolean(), fc.constantFrom(...TRANSCRIPTION_PATHS), async (values, withModel, path) => {
      const data = new FormData();
      if (withModel) data.append('model', 'openai/whisper-1');
      for (const [name, value] of Object.entries(values)) data.append(name, value);
      data.append('file', new Blob([Buffer.from('ID3fake-audio')], { type: 'audio/mpeg' }), 'a.mp3');
      await answersSanely(path, { method: 'POST', body: data });
    }),
    { numRuns: RUNS },
  );
});

test('random bytes with random content types to every POST route', async () => {
  const types = fc.oneof(fc.constantFrom('application/json', 'multipart/form-data; boundary=x', 'audio/mpeg', 'application/octet-stream', ''), printable);
  await fc.assert(
    fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), types, fc.constantFrom(...TRANSCRIPTION_PATHS, ...SPEECH_PATHS), async (bytes, type, path) => {
      await answersSanely(path, { method: 'POST', body: Buffer.from(bytes), headers: type ? { 'content-type': type } : {} });
    }),
    { numRuns: RUNS },
  );
});

test('random headers on a valid speech request', async () => {
  const token = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-_!#$%&*+.^`|~'.split('')), minLength: 1, maxLength: 30 });
  // What HTTP lets a header value hold: visible Latin-1 and spaces, no CR, LF or NUL.
  const headerText = fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).filter((c) => c !== 0x7f).map((c) => String.fromCharCode(c)), maxLength: 80 }).map((v) => v.trim());
  const names = fc.oneof(token, fc.constantFrom('x-bf-cache-key', 'x-bf-cache-ttl', 'x-bf-async-job-result-ttl', 'x-request-id', 'authorization', 'x-bf-vk', 'api-key', 'accept', 'accept-encoding', 'content-encoding', 'x-forwarded-for', 'traceparent'));
  await fc.assert(
    fc.asyncProperty(fc.dictionary(names, headerText, { maxKeys: 6 }), fc.constantFrom(...SPEECH_PATHS), async (headers, path) => {
      const init: RequestInit = { method: 'POST', body: JSON.stringify({ model: 'openai/tts-1', input: 'hi', voice: 'alloy' }), headers: { ...headers, 'content-type': 'application/json' } };
      try {
        new Request(gw.url, init);
      } catch {
        return; // a header fetch itself refuses to send
      }
      await answersSanely(path, init);
    }),
    { numRuns: RUNS },
  );
});

test('the process is up after everything', async (t) => {
  assert.equal((await fetch(`${gw.url}/health`)).status, 200);
  t.diagnostic(`inputs tried: ${tally.inputs}; 2xx: ${tally['2xx']}, 4xx: ${tally['4xx']}, 5xx: ${tally['5xx']}`);
  assert.equal(tally['5xx'], 0);
});
