// The speech route's JSON body on the shipped chain, as clients send it: in
// pieces that split a character, with a byte order mark, compressed (gzip),
// in another charset, chunked past max_json_kb, empty, or cut off mid-way.
// Each arrives whole at the provider or gets its 4xx, never a crash or hang.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { gzipSync } from 'node:zlib';
import { withOpenAIGateway } from '../helpers/setup.js';
import { expectError } from '../helpers/http.js';
import { waitFor } from '../helpers/wait.js';

const setup = withOpenAIGateway({ server: { max_json_kb: 16 } });
const INPUT = 'Grüße aus Köln 🎙️ — «speech»';
const body = (input = INPUT) => Buffer.from(JSON.stringify({ model: 'openai/tts-1', input, voice: 'alloy' }));

/** POSTs the pieces one write at a time (chunked, no content-length unless given), pausing between them. */
function send(pieces: Buffer[], headers: Record<string, string> = {}, cut = false): Promise<{ status: number; text: string } | 'reset'> {
  const { hostname, port } = new URL(setup.gw.url);
  return new Promise((resolve) => {
    const req = http.request({ hostname, port, method: 'POST', path: '/v1/audio/speech', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.setEncoding('latin1');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', () => resolve('reset'));
    void (async () => {
      for (const piece of pieces) {
        req.write(piece);
        await new Promise((r) => setTimeout(r, 5));
      }
      if (cut) req.destroy();
      else req.end();
    })();
  });
}

const sentInput = () => (setup.fake.requests.at(-1)?.json as { input?: string } | undefined)?.input;

test('a body written in pieces that split a multi-byte character arrives whole', async () => {
  const bytes = body();
  const at = bytes.indexOf(Buffer.from('🎙')) + 2; // inside the emoji's four bytes
  const res = await send([bytes.subarray(0, 7), bytes.subarray(7, at), bytes.subarray(at)]);
  assert.ok(res !== 'reset');
  assert.equal(res.status, 200, res.text);
  assert.equal(sentInput(), INPUT);
});

test('a byte order mark, charset=utf-8, and a gzip body with content-encoding are read', async () => {
  const withBom = await send([Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body()])], { 'content-type': 'application/json; charset=UTF-8' });
  assert.ok(withBom !== 'reset' && withBom.status === 200, JSON.stringify(withBom));
  assert.equal(sentInput(), INPUT);
  const zipped = await send([gzipSync(body('compressed'))], { 'content-encoding': 'gzip' });
  assert.ok(zipped !== 'reset' && zipped.status === 200, JSON.stringify(zipped));
  assert.equal(sentInput(), 'compressed');
});

test('a charset the gateway does not read, and an encoding it does not know, are 415', async () => {
  await expectError(await fetch(`${setup.gw.url}/v1/audio/speech`, { method: 'POST', headers: { 'content-type': 'application/json; charset=latin1' }, body: body() }), 415, 'unsupported_media_type');
  await expectError(await fetch(`${setup.gw.url}/v1/audio/speech`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'zstd-or-something' }, body: body() }), 415, 'unsupported_media_type');
});

test('a chunked body past max_json_kb is a 413 the client reads, and nothing reaches the provider', async () => {
  const piece = Buffer.alloc(8 * 1024, 0x20);
  const res = await send([Buffer.from('{"model":"openai/tts-1","voice":"alloy","input":"'), piece, piece, piece, Buffer.from('"}')]);
  assert.ok(res !== 'reset', 'the client read an answer');
  assert.equal(res.status, 413);
  assert.match(res.text, /16 KB.*max_json_kb/);
  assert.equal(setup.fake.requests.length, 0);
});

test('an empty body is a 400 naming what is missing; a body cut off mid-way is no crash', async () => {
  const empty = await expectError(await fetch(`${setup.gw.url}/v1/audio/speech`, { method: 'POST', headers: { 'content-type': 'application/json' } }), 400);
  assert.match(empty.error.message, /model/);
  assert.equal(await send([body().subarray(0, 20)], {}, true), 'reset');
  await waitFor(async () => (await fetch(`${setup.gw.url}/health`)).ok, 'the gateway to answer after the cut');
  assert.equal(setup.fake.requests.length, 0);
});
