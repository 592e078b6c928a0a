// Traces: with telemetry.otlp_endpoint set, an in-process OTLP/HTTP receiver
// (JSON, as the exporter sends it) gets each request's span with its
// attributes, child spans per plugin and per upstream attempt, in the
// client's trace (traceparent continued), and the upstream gets it too.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fakeAudio } from '../fakes/audio.js';
import { postJson, upload } from '../helpers/http.js';
import { waitFor } from '../helpers/wait.js';
import { asAdmin, asTeam, startAdminGateway, type AdminSetup } from '../helpers/admin.js';

interface OtlpValue { stringValue?: string; intValue?: string | number; doubleValue?: number; boolValue?: boolean }
interface OtlpSpan { traceId: string; spanId: string; parentSpanId?: string; name: string; kind: number; attributes?: Array<{ key: string; value: OtlpValue }> }
interface OtlpBody { resourceSpans: Array<{ resource?: { attributes?: Array<{ key: string; value: OtlpValue }> }; scopeSpans: Array<{ spans: OtlpSpan[] }> }> }

const spans: OtlpSpan[] = [];
const resources: string[] = [];
const contentTypes: string[] = [];
let receiver: http.Server;
let s: AdminSetup;

before(async () => {
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      contentTypes.push(String(req.headers['content-type']));
      if (req.url === '/v1/traces') {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpBody;
        for (const rs of body.resourceSpans) {
          resources.push(JSON.stringify(rs.resource?.attributes ?? []));
          for (const ss of rs.scopeSpans) spans.push(...ss.spans);
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  s = await startAdminGateway({ telemetry: { otlp_endpoint: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}` } });
});
after(async () => {
  await s.close();
  await new Promise((resolve) => receiver.close(resolve));
});

const attr = (span: OtlpSpan, key: string): string | number | boolean | undefined => {
  const v = span.attributes?.find((a) => a.key === key)?.value;
  if (!v) return undefined;
  if (v.intValue !== undefined) return Number(v.intValue);
  return v.stringValue ?? v.doubleValue ?? v.boolValue;
};
const hex = (n: number): string => Array.from({ length: n }, () => Math.floor(Math.random() * 16).toString(16)).join('');

test("a transcription's spans: the request (in the client's trace), each plugin, the upstream attempt", async () => {
  const traceId = hex(32);
  const clientSpan = hex(16);
  const res = await upload(`${s.gw.url}/v1/audio/transcriptions`, {
    fields: { model: 'openai/whisper-1', response_format: 'verbose_json' },
    file: { bytes: fakeAudio('mp3', 4000) },
    headers: { ...asTeam, traceparent: `00-${traceId}-${clientSpan}-01` },
  });
  assert.equal(res.status, 200);
  await waitFor(() => spans.some((sp) => sp.traceId === traceId && sp.name.startsWith('POST')), 'the request span at the receiver', 15_000);
  assert.ok(contentTypes.every((c) => c.startsWith('application/json')), 'OTLP/HTTP JSON');
  assert.match(resources[0]!, /"service.name"/);

  const mine = spans.filter((sp) => sp.traceId === traceId);
  const root = mine.find((sp) => sp.name === 'POST transcription')!;
  assert.equal(root.parentSpanId, clientSpan, "the client's span is the parent");
  assert.equal(root.kind, 2, 'SERVER');
  assert.equal(attr(root, 'voxgate.route'), 'transcription');
  assert.equal(attr(root, 'voxgate.model_requested'), 'openai/whisper-1');
  assert.equal(attr(root, 'voxgate.provider'), 'openai');
  assert.equal(attr(root, 'voxgate.model'), 'whisper-1');
  assert.equal(attr(root, 'http.response.status_code'), 200);
  assert.equal(typeof attr(root, 'voxgate.audio_seconds'), 'number');

  const plugins = mine.filter((sp) => sp.name.startsWith('plugin '));
  // long-media is core's link ahead of the per-part plugins (fallback, logging): a step that waits like the plugins.
  assert.deepEqual(plugins.map((sp) => sp.name).sort(), ['plugin async-job', 'plugin auth', 'plugin cache', 'plugin fallback', 'plugin logging', 'plugin long-media', 'plugin rate-limit', 'plugin usage']);
  const upstream = mine.find((sp) => sp.name === 'upstream openai')!;
  assert.equal(upstream.kind, 3, 'CLIENT');
  assert.equal(attr(upstream, 'http.response.status_code'), 200);
  assert.ok(plugins.some((p) => p.spanId === upstream.parentSpanId), 'the attempt runs inside the innermost plugin');

  const sent = s.fake.requests.at(-1)!.headers.traceparent;
  assert.equal(sent, `00-${traceId}-${upstream.spanId}-01`, 'the upstream is called in the same trace');

  const logged = async () => ((await (await fetch(`${s.gw.url}/admin/logs/${res.headers.get('x-request-id')}`, { headers: asAdmin })).json()) as { records?: Array<{ trace_id: string }> }).records?.[0]?.trace_id;
  await waitFor(async () => (await logged()) === traceId, 'the trace id in the log record');
});

test("speech: the span counts the input's characters; a request without traceparent starts a trace", async () => {
  const before = new Set(spans.map((sp) => sp.traceId));
  const res = await postJson(`${s.gw.url}/v1/audio/speech`, { model: 'openai/tts-1', input: 'Twelve chars', voice: 'alloy' }, asTeam);
  assert.equal(res.status, 200);
  await res.arrayBuffer();
  await waitFor(() => spans.some((sp) => sp.name === 'POST speech' && !before.has(sp.traceId)), 'the speech span', 15_000);
  const span = spans.find((sp) => sp.name === 'POST speech' && !before.has(sp.traceId))!;
  assert.equal(attr(span, 'voxgate.characters'), 12);
  assert.equal(span.parentSpanId === undefined || span.parentSpanId === '', true, 'a root span');
});
