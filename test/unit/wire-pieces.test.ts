// Pure pieces of the request and upstream path: JSON splicing, the multipart
// encoder (checked with an independent parser), model refs, file names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JsonPayload } from '../../core/json-payload.js';
import { encodeMultipart } from '../../core/upstream/multipart.js';
import { parseModelRef, resolveRequestModel } from '../../core/model-ref.js';
import { uploadFilename } from '../../core/audio-formats.js';
import { scrubSecrets } from '../../core/upstream/provider-error.js';
import type { AudioFile } from '../../core/types.js';

test('JsonPayload adds a field by splicing the original text', () => {
  const p = JsonPayload.parse('{"text": "héllo", "n": 1}\n');
  const out = p.withField('extra_fields', { latency: 3 });
  assert.deepEqual(JSON.parse(out), { text: 'héllo', n: 1, extra_fields: { latency: 3 } });
  assert.ok(out.startsWith('{"text": "héllo"'), 'the original text is kept as it was');
  assert.deepEqual(JSON.parse(JsonPayload.parse('{ }').withField('a', 1)), { a: 1 });
  // A field of that name already there is replaced, not duplicated.
  assert.deepEqual(JSON.parse(JsonPayload.parse('{"extra_fields": {"x": 1}, "t": 2}').withField('extra_fields', { y: 2 })), { extra_fields: { y: 2 }, t: 2 });
});

test('JsonPayload refuses what is not a JSON object', () => {
  assert.throws(() => JsonPayload.parse('[1,2]'));
  assert.throws(() => JsonPayload.parse('"text"'));
  assert.throws(() => JsonPayload.parse('{"cut": '));
  assert.throws(() => JsonPayload.parse('null'));
});

const audio = (chunks: Buffer[], filename = 'a.mp3'): AudioFile => ({
  chunks,
  size: chunks.reduce((n, c) => n + c.length, 0),
  filename,
  contentType: 'audio/mpeg',
});

test('the multipart encoder walks the original chunks and an independent parser reads it back', async () => {
  const chunks = [Buffer.from([0, 1, 2, 255]), Buffer.alloc(70_000, 7), Buffer.from('\r\n--tail')];
  const file = audio(chunks, 'we"ird\nname.mp3');
  const encoded = encodeMultipart([
    { name: 'model', value: 'whisper-1' },
    { name: 'prompt', value: 'línea uno\r\nline two "quoted"' },
    { name: 'timestamp_granularities[]', value: 'word' },
    { name: 'timestamp_granularities[]', value: 'segment' },
    { name: 'file', file },
  ]);
  const seen: Buffer[] = [];
  for await (const piece of encoded.body()) seen.push(piece);
  assert.ok(chunks.every((c) => seen.includes(c)), 'the audio chunks are yielded as they are, not copied');
  const body = Buffer.concat(seen);
  assert.equal(body.length, encoded.length);
  const parsed = await new Response(body, { headers: { 'content-type': encoded.contentType } }).formData();
  assert.equal(parsed.get('model'), 'whisper-1');
  assert.equal(parsed.get('prompt'), 'línea uno\r\nline two "quoted"');
  assert.deepEqual(parsed.getAll('timestamp_granularities[]'), ['word', 'segment']);
  const got = parsed.get('file') as File;
  assert.deepEqual(Buffer.from(await got.arrayBuffer()), Buffer.concat(chunks));
  // The body can be walked again for a retry.
  let again = 0;
  for await (const piece of encoded.body()) again += piece.length;
  assert.equal(again, encoded.length);
});

const providers = { has: (n: string) => ['openai', 'azure', 'local-whisper'].includes(n), names: () => ['openai', 'azure', 'local-whisper'] };

test('provider/model refs split at the first slash', () => {
  assert.deepEqual(parseModelRef('openai/whisper-1', 'model', providers), { provider: 'openai', model: 'whisper-1' });
  assert.deepEqual(parseModelRef('local-whisper/Systran/faster-whisper', 'model', providers), { provider: 'local-whisper', model: 'Systran/faster-whisper' });
});

test('bad model refs say what to write', () => {
  assert.throws(() => parseModelRef('whisper-1', 'model', providers), /provider\/model.*openai, azure, local-whisper/);
  assert.throws(() => parseModelRef('groq/whisper', 'fallbacks[0]', providers), (e: Error & { param?: string }) => e.param === 'fallbacks[0]' && /groq.*not configured/.test(e.message));
  assert.throws(() => parseModelRef('openai/', 'model', providers), /no model after the provider/);
});

test('a route default decides unless the request names a configured provider/model', () => {
  const routeDefault = (given: string | undefined) => ({ provider: 'azure', model: `from-route(${given ?? ''})` });
  assert.deepEqual(resolveRequestModel('whisper-1', providers, routeDefault), { provider: 'azure', model: 'from-route(whisper-1)' });
  assert.deepEqual(resolveRequestModel(undefined, providers, routeDefault), { provider: 'azure', model: 'from-route()' });
  assert.deepEqual(resolveRequestModel('openai/whisper-1', providers, routeDefault), { provider: 'openai', model: 'whisper-1' });
  assert.throws(() => resolveRequestModel(undefined, providers), /model is required/);
  assert.throws(() => resolveRequestModel('whisper-1', providers), /provider\/model/);
});

test('upload file names carry the container for the vendor', () => {
  assert.equal(uploadFilename(audio([], 'talk.wav')), 'talk.wav');
  assert.equal(uploadFilename(audio([], 'blob')), 'blob.mp3', 'from the content type');
  assert.equal(uploadFilename(audio([], 'blob'), 'ogg'), 'blob.ogg', 'file_format wins');
  assert.equal(uploadFilename(audio([], 'talk.bin'), 'wav'), 'talk.wav');
  assert.equal(uploadFilename(audio([], '../../etc/passwd.mp3')), 'passwd.mp3', 'no path parts travel upstream');
});

test('vendor messages lose keys they echo', () => {
  assert.equal(scrubSecrets('bad key sk-abcdef123456 given', []), 'bad key sk-[redacted] given');
  assert.equal(scrubSecrets('token xyz-secret-value here', ['xyz-secret-value']), 'token [redacted] here');
});
