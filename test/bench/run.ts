// `npm run bench`: the gateway's cost against its anchors on the same load in
// the same run (nginx, a bare Node byte proxy, a parsing Node proxy, and
// direct calls), plus memory runs with large uploads. Every server is its own
// process: the fake upstream, nginx, the two Node proxies, the gateway (no
// plugins; the default chain with auth on, with one worker and with two on a
// redis-server), and with --peer the Portkey gateway; autocannon runs in
// this process. Prints tables and the targets as PASS/MISS, and writes
// bench-results/latest.json.
//
//   npm run bench                          load, first-byte, memory and flood runs (~20 min on 2 cores)
//   npm run bench -- --quick               4 s per cell, 1 and 10 connections, no floods or long media (~5 min)
//   npm run bench -- --profile             also profile the gateway (node --cpu-prof)
//   npm run bench -- --only profile        only the profiles (the gateway pinned to a CPU of its
//                                          own; --profile-shared: sharing the CPUs as in the load runs)
//   npm run bench -- --only floods         only the memory floods (async results, metrics
//                                          cardinality) against a gateway with --max-old-space-size=256
//   npm run bench -- --only realtime       only the realtime runs (per-frame latency at 1 and 50
//                                          sessions, sessions held per core)
//   npm run bench -- --only long           only the long-media runs (a 500 MB upload's peak RSS;
//                                          time to first byte of 20,000 characters of speech);
//                                          --only long-ttfb: the time to first byte alone
//   options: --duration S (10, per target and connection count), --rounds N (2), --peer,
//            --warmup S (2), --connections 1,10,50,
//            --scenarios transcription-256k,speech, --out FILE
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { memoryRun, type MemoryResult } from './memory.js';
import { longUploadRun, ttfbRun, type LongUploadResult, type TtfbResult } from './long-media.js';
import { asyncResultsFlood, floodChecks, floodsTable, metricsFlood, type FloodResult } from './floods.js';
import { anchorChecks, anchorRatios, anchorTable, ttfbTable, type TtfbRow } from './anchor-report.js';
import { startNginx, startNodeProxy, startRedisServer } from './anchors.js';
import { combineTtfb, runTtfb, type TtfbRun } from './ttfb.js';
import { combineRuns, probe, runLoad, SCENARIOS, type LoadRun, type Payload, type ScenarioName, type Target } from './load.js';
import { formatSummary, summarize, type ProfileSummary } from './profile-summary.js';
import { realtimeHold, realtimeLatency, realtimeTable, type RealtimeHold, type RealtimeLatency } from './realtime.js';
import { cpuTimeMs, distDir, treeCpuTimeMs, logsDir, pinProcess, resultsDir, RssSampler, startFakeUpstream, startGateway, startNode, startPeer, type Child } from './processes.js';
import { checksText, mb, memoryTable, ratios, ratiosTable, resultsTable, targetChecks, TARGET_LABELS, type Row, type TargetKind } from './report.js';

const { values } = parseArgs({
  options: {
    duration: { type: 'string' },
    rounds: { type: 'string', default: '2' },
    warmup: { type: 'string' },
    connections: { type: 'string' },
    scenarios: { type: 'string' },
    only: { type: 'string' },
    profile: { type: 'boolean', default: false },
    quick: { type: 'boolean', default: false },
    peer: { type: 'boolean', default: false },
    'profile-shared': { type: 'boolean', default: false },
    out: { type: 'string', default: path.join(resultsDir, 'latest.json') },
  },
});
const quick = values.quick;
const durationS = Number(values.duration ?? (quick ? 4 : 10));
const warmupS = Number(values.warmup ?? (quick ? 1 : 2));
const rounds = Math.max(1, Number(values.rounds));
const connectionCounts = (values.connections ?? (quick ? '1,10' : '1,10,50')).split(',').map(Number);
const phases = new Set(values.only ? values.only.split(',') : ['load', 'ttfb', 'memory', ...(quick ? [] : ['floods', 'long', 'realtime']), ...(values.profile ? ['profile'] : [])]);
const scenarios = values.scenarios ? SCENARIOS.filter((s) => values.scenarios!.split(',').includes(s.name)) : SCENARIOS;
const labels = Object.fromEntries(SCENARIOS.map((s) => [s.name, s.label])) as Record<ScenarioName, string>;

const log = (line: string) => process.stdout.write(`${line}\n`);
const cpus = os.cpus();
const machine = {
  cpuModel: cpus[0]?.model ?? 'unknown',
  cpuCount: cpus.length,
  totalMemoryMb: Math.round(os.totalmem() / 1024 / 1024),
  node: process.version,
  platform: `${os.platform()} ${os.release()} ${os.arch()}`,
  date: new Date().toISOString(),
};

mkdirSync(logsDir, { recursive: true });
const children: Child[] = [];
const track = <T extends { proc: Child }>(started: T): T => {
  children.push(started.proc);
  return started;
};
const stopAll = () => Promise.all(children.splice(0).map((c) => c.stop()));
process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));
// However this process ends, no server it started outlives it.
process.once('exit', () => {
  for (const c of children) if (c.alive()) c.child.kill('SIGKILL');
});

log(`voxgate bench: ${machine.cpuCount} × ${machine.cpuModel}, ${machine.totalMemoryMb} MB, Node ${machine.node}`);
log(`${durationS} s per target and connection count (${rounds} interleaved rounds) after ${warmupS} s of warm-up; logs and configs in ${path.relative(process.cwd(), logsDir)}/\n`);

const upstream = track(await startFakeUpstream('fake-upstream'));
const direct: Target = { name: 'direct', baseUrl: upstream.url, models: 'bare', headers: { authorization: 'Bearer sk-bench' } };

const rows: Row[] = [];
const probes: Array<{ scenario: ScenarioName; target: TargetKind; status: number; body: string }> = [];
const memory: MemoryResult[] = [];
const floods: FloodResult[] = [];
const profiles: Array<ProfileSummary & { scenario: ScenarioName; pinned: boolean; okRps: number; p50Ms: number; cpuUsPerRequest: number }> = [];
const ttfb: TtfbRow[] = [];
let peerVersion: string | undefined;
/** The load and first-byte runs' targets, and the servers behind them. */
const targets: LoadTarget[] = [];
const loadServers: Child[] = [];

interface LoadTarget {
  kind: TargetKind;
  target: Target;
  /** The process under test (the gateway or the peer), counted with its children; none for direct calls. */
  pid?: number;
  /** Other processes whose CPU is part of this target's (the redis-server two workers share). */
  alsoPids?: number[];
}

const VIRTUAL_KEY = 'sk-bf-bench0000000000000000000000000000';

/** CPU ms of a target's processes (the process under test with its children, and what it needs). */
const targetCpuMs = (t: LoadTarget): number => (t.pid === undefined ? 0 : [t.pid, ...(t.alsoPids ?? [])].reduce((n, pid) => n + (treeCpuTimeMs(pid) ?? 0), 0));

/**
 * One scenario at one connection count against every target: a warm-up each, then `rounds`
 * rounds in which each target gets durationS / rounds seconds in turn, so that direct and
 * gateway runs share the machine's ups and downs. RSS is sampled and CPU time counted per target.
 */
async function measureCell(targets: readonly LoadTarget[], payloads: Record<'bare' | 'prefixed', Payload>, scenario: (typeof SCENARIOS)[number], connections: number): Promise<void> {
  const acc = targets.map(() => ({ runs: [] as LoadRun[], cpuMs: { process: 0, upstream: 0, loadgen: 0 }, peakRss: 0 }));
  if (warmupS > 0) for (const t of targets) await runLoad(t.target, payloads[t.target.models], connections, warmupS);
  for (let round = 0; round < rounds; round++) {
    for (const [i, t] of targets.entries()) {
      const a = acc[i]!;
      const sampler = t.pid === undefined ? undefined : new RssSampler(t.pid).start();
      const before = { process: targetCpuMs(t), upstream: cpuTimeMs(upstream.proc.pid) ?? 0, loadgen: process.cpuUsage() };
      a.runs.push(await runLoad(t.target, payloads[t.target.models], connections, durationS / rounds));
      const loadgen = process.cpuUsage(before.loadgen);
      a.cpuMs.process += targetCpuMs(t) - before.process;
      a.cpuMs.upstream += (cpuTimeMs(upstream.proc.pid) ?? before.upstream) - before.upstream;
      a.cpuMs.loadgen += (loadgen.user + loadgen.system) / 1000;
      a.peakRss = Math.max(a.peakRss, sampler?.stop() ?? 0);
    }
  }
  for (const [i, t] of targets.entries()) {
    const { runs, cpuMs, peakRss } = acc[i]!;
    const result = combineRuns(connections, runs);
    const perRequest = (ms: number) => (result.requests === 0 ? undefined : (ms * 1000) / result.requests);
    const row: Row = {
      ...result,
      scenario: scenario.name,
      scenarioLabel: scenario.label,
      target: t.kind,
      peakRssBytes: t.pid === undefined ? undefined : peakRss,
      cpuUsPerRequest: { process: t.pid === undefined ? undefined : perRequest(cpuMs.process), upstream: perRequest(cpuMs.upstream), loadgen: perRequest(cpuMs.loadgen) },
    };
    rows.push(row);
    const failures = row.errors + row.non2xx > 0 ? `  errors ${row.errors}, non-2xx ${row.non2xx}${row.firstError ? ` (first: ${row.firstError.status} ${row.firstError.body.slice(0, 160)})` : ''}` : '';
    const cpu = row.cpuUsPerRequest.process;
    log(
      `  ${scenario.label.padEnd(22)} @${String(connections).padEnd(3)} ${TARGET_LABELS[t.kind].padEnd(24)} ${row.okRps.toFixed(0).padStart(6)} req/s  p50 ${row.p50Ms.toFixed(2).padStart(7)} ms  p99 ${row.p99Ms.toFixed(2).padStart(7)} ms${row.peakRssBytes ? `  RSS ${mb(row.peakRssBytes)} MB` : ''}${cpu ? `  CPU ${cpu.toFixed(0)} µs/req` : ''}${failures}`,
    );
  }
}

if (phases.has('load') || phases.has('ttfb')) {
  const nginx = track(await startNginx('nginx', upstream.url));
  const proxy = track(await startNodeProxy('byte-proxy', upstream.url));
  const parsing = track(await startNodeProxy('parse-proxy', upstream.url, 'parse-proxy'));
  const bare = track(await startGateway('gateway-bare', { upstream: upstream.url, plugins: [] }));
  const chain = track(await startGateway('gateway-default', { upstream: upstream.url, virtualKey: VIRTUAL_KEY }));
  const redis = track(await startRedisServer('redis-server'));
  const twoWorkers = track(await startGateway('gateway-default-2w', { upstream: upstream.url, virtualKey: VIRTUAL_KEY, store: redis.url, server: { workers: 2 } }));
  const peer = values.peer ? track(await startPeer('peer-portkey')) : undefined;
  peerVersion = peer?.version;
  const auth = { authorization: `Bearer ${VIRTUAL_KEY}` };
  targets.push(
    { kind: 'direct', target: direct },
    { kind: 'nginx', target: { name: 'nginx', baseUrl: `${nginx.url}/v1`, models: 'bare', headers: {} }, pid: nginx.proc.pid },
    { kind: 'byte-proxy', target: { name: 'byte-proxy', baseUrl: `${proxy.url}/v1`, models: 'bare', headers: {} }, pid: proxy.proc.pid },
    { kind: 'parse-proxy', target: { name: 'parse-proxy', baseUrl: `${parsing.url}/v1`, models: 'prefixed', headers: {} }, pid: parsing.proc.pid },
    { kind: 'gateway-bare', target: { name: 'gateway-bare', baseUrl: `${bare.url}/v1`, models: 'prefixed', headers: {} }, pid: bare.proc.pid },
    { kind: 'gateway-default', target: { name: 'gateway-default', baseUrl: `${chain.url}/v1`, models: 'prefixed', headers: auth }, pid: chain.proc.pid },
    { kind: 'gateway-default-2w', target: { name: 'gateway-default-2w', baseUrl: `${twoWorkers.url}/v1`, models: 'prefixed', headers: auth }, pid: twoWorkers.proc.pid, alsoPids: [redis.proc.pid] },
  );
  loadServers.push(nginx.proc, proxy.proc, parsing.proc, bare.proc, chain.proc, twoWorkers.proc, redis.proc);
  if (phases.has('load')) log('load runs:');
  if (peer) targets.push({
      kind: 'peer',
      target: {
        name: 'peer',
        baseUrl: `${peer.url}/v1`,
        models: 'bare',
        headers: { 'x-portkey-provider': 'openai', 'x-portkey-custom-host': upstream.url, authorization: 'Bearer sk-bench' },
      },
      pid: peer.proc.pid,
    });
  for (const scenario of phases.has('load') ? scenarios : []) {
    const payloads = { bare: await scenario.payload('bare'), prefixed: await scenario.payload('prefixed') };
    for (const { kind, target } of targets) {
      const p = await probe(target, payloads[target.models]);
      probes.push({ scenario: scenario.name, target: kind, status: p.status, body: p.body });
      if (p.status !== 200) log(`  probe ${scenario.label} via ${TARGET_LABELS[kind]}: ${p.status} ${p.body.slice(0, 300)}`);
    }
    for (const connections of connectionCounts) await measureCell(targets, payloads, scenario, connections);
  }
  if (peer) {
    for (const c of [peer.proc]) if (!c.alive()) log(`  ${c.name} is no longer running: see ${c.logFile}`);
    await peer.proc.stop();
    targets.splice(targets.findIndex((t) => t.kind === 'peer'), 1);
  }
}

if (phases.has('ttfb') && targets.length) {
  log(`\nstreamed speech, time to first audio byte at 1 connection (${durationS} s per target in ${rounds} rounds):`);
  const speech = SCENARIOS.find((s) => s.name === 'speech')!;
  const payloads = { bare: await speech.payload('bare'), prefixed: await speech.payload('prefixed') };
  const runs = targets.map(() => [] as TtfbRun[]);
  if (warmupS > 0) for (const t of targets) await runTtfb(t.target, payloads[t.target.models], warmupS);
  for (let round = 0; round < rounds; round++) for (const [i, t] of targets.entries()) runs[i]!.push(await runTtfb(t.target, payloads[t.target.models], durationS / rounds));
  for (const [i, t] of targets.entries()) ttfb.push({ target: t.kind, ...combineTtfb(runs[i]!) });
  log(ttfbTable(ttfb));
}
for (const c of loadServers) if (!c.alive()) log(`  ${c.name} is no longer running: see ${c.logFile}`);
await Promise.all(loadServers.splice(0).map((c) => c.stop()));

if (phases.has('memory')) {
  log('\nmemory runs: 40 concurrent 20 MB uploads through the gateway (default chain); the upstream holds each answer 1 s');
  const slow = track(await startFakeUpstream('fake-upstream-slow', 1000));
  for (const maxInflightMb of [1024, 256]) {
    const gw = track(await startGateway(`gateway-memory-${maxInflightMb}`, { upstream: slow.url, server: { max_upload_mb: 25, max_inflight_mb: maxInflightMb } }));
    const m = await memoryRun({ label: `budget ${maxInflightMb} MB`, gateway: gw, uploads: 40, uploadMb: 20, maxInflightMb });
    memory.push(m);
    log(`  ${m.label}: peak RSS ${(m.peakRssBytes / 1048576).toFixed(0)} MB with ≤ ${(m.heldBoundBytes / 1048576).toFixed(0)} MB held; statuses ${JSON.stringify(m.statusCounts)}; ${m.connectionErrors} connection errors; ${m.survived ? 'alive' : 'DEAD'}`);
    await gw.proc.stop();
  }
  await slow.proc.stop();
}

if (phases.has('floods')) {
  log('\nmemory floods: the default chain under --max-old-space-size=256, memory store');
  const big = track(await startFakeUpstream('fake-upstream-20mb-speech', 0, 20 * 1024 * 1024));
  const flags = ['--max-old-space-size=256'];
  const perKeyBudgetMb = 256; // async-job's default max_result_mb_per_key
  const results = track(await startGateway('gateway-flood-results', { upstream: big.url, nodeFlags: flags }));
  floods.push(await asyncResultsFlood(results, { jobs: 150, audioMb: 20, perKeyBudgetMb }));
  await results.proc.stop();
  const labels = track(await startGateway('gateway-flood-metrics', { upstream: upstream.url, nodeFlags: flags }));
  floods.push(await metricsFlood(labels, 5000));
  await labels.proc.stop();
  await big.proc.stop();
  for (const f of floods) log(`  ${f.name}: ${JSON.stringify(f.statusCounts)}, peak RSS ${(f.peakRssBytes / 1048576).toFixed(0)} MB (limit ${(f.limitBytes / 1048576).toFixed(0)}), ${f.survived ? 'alive' : 'DEAD'}`);
}

const longMedia: { upload?: LongUploadResult; ttfb: TtfbResult[] } = { ttfb: [] };
if (phases.has('long') || phases.has('long-ttfb')) {
  log('\nlong media: a 500 MB WAV through the default chain to a fake with OpenAI\'s 25 MB limit; speech of 20,000 characters against 4,096 a call');
  const fake = track(await startFakeUpstream('fake-upstream-long', 0, undefined, true));
  const gw = track(await startGateway('gateway-long-media', { upstream: fake.url, extra: { long_audio: { max_upload_mb: 600 } } }));
  if (phases.has('long')) {
    const u = await longUploadRun(gw, 500);
    longMedia.upload = u;
    log(`  500 MB upload: ${u.status}, ${u.chunks} chunks, ${u.durationS?.toFixed(0) ?? '-'} s of audio in ${(u.wallMs / 1000).toFixed(1)} s; gateway peak RSS ${mb(u.peakRssBytes)} MB (before ${mb(u.rssBeforeBytes)} MB, kernel high-water ${mb(u.hwmRssBytes)} MB; target < 300 MB)`);
  }
  for (const [label, chars] of [['one part', 4000], ['20,000 characters', 20_000]] as const) {
    const t = await ttfbRun(gw.url, label, chars);
    longMedia.ttfb.push(t);
    log(`  speech, ${label} (${t.characters} characters, ${t.parts} part${t.parts > 1 ? 's' : ''}): time to first byte ${t.ttfbMs.toFixed(0)} ms, whole answer ${t.totalMs.toFixed(0)} ms (median of ${t.runs})`);
  }
  await gw.proc.stop();
  await fake.proc.stop();
}

const realtime: { latency: RealtimeLatency[]; hold?: RealtimeHold } = { latency: [] };
if (phases.has('realtime')) {
  log('\nrealtime: 100 ms PCM16 frames to an upstream that echoes each one, straight and through the gateway (default chain)');
  const echo = await startNode('realtime-echo', [path.join(distDir, 'test', 'bench', 'realtime-echo.js')], /"url":"[^"]+"/);
  children.push(echo);
  const echoUrl = /"url":"([^"]+)"/.exec(echo.output())![1]!;
  const gw = track(await startGateway('gateway-realtime', { upstream: `${echoUrl}/v1`, extra: { realtime: { idle_timeout_s: 600 } } }));
  const ws = (base: string) => base.replace(/^http/, 'ws');
  const viaGateway = `${ws(gw.url)}/v1/realtime?intent=transcription&model=openai/gpt-4o-transcribe`;
  for (const sessions of [1, 50]) {
    realtime.latency.push(await realtimeLatency('direct', `${ws(echoUrl)}/v1/realtime?intent=transcription`, sessions, durationS * 1000));
    realtime.latency.push(await realtimeLatency('gateway', viaGateway, sessions, durationS * 1000));
  }
  realtime.hold = await realtimeHold(viaGateway, 200, durationS * 1000, () => treeCpuTimeMs(gw.proc.pid) ?? 0);
  log(realtimeTable(realtime.latency, realtime.hold));
  await gw.proc.stop();
  await echo.stop();
}

if (phases.has('profile')) {
  const dir = path.join(resultsDir, 'profiles');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // On a shared CPU, time the gateway spends descheduled (while the load generator or the upstream
  // runs) is charged to whatever it was doing, mostly socket writes. Pinning the gateway to a CPU of
  // its own, and everything else to the others, keeps the profile to the gateway's own work.
  const all = `0-${machine.cpuCount - 1}`;
  const pinned = !values['profile-shared'] && machine.cpuCount >= 2 && pinProcess(process.pid, `0-${machine.cpuCount - 2}`) && pinProcess(upstream.proc.pid, `0-${machine.cpuCount - 2}`);
  const gatewayCpu = pinned ? String(machine.cpuCount - 1) : undefined;
  log(
    `\nprofiles: the default chain (auth on) under --cpu-prof, 10 connections, ${durationS} s each (in ${path.relative(process.cwd(), dir)}/)` +
      (pinned ? `; the gateway pinned to CPU ${gatewayCpu}, the load generator and upstream to the others` : '; CPUs shared'),
  );
  for (const name of ['transcription-256k', 'speech', 'transcription-5m'] as const) {
    const scenario = SCENARIOS.find((s) => s.name === name)!;
    const file = `${name}.cpuprofile`;
    const spawnedAt = performance.now();
    const gw = track(await startGateway(`gateway-profile-${name}`, { upstream: upstream.url, virtualKey: VIRTUAL_KEY, cpus: gatewayCpu, nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${file}`] }));
    const target: Target = { name: 'profiled', baseUrl: `${gw.url}/v1`, models: 'prefixed', headers: { authorization: `Bearer ${VIRTUAL_KEY}` } };
    const payload = await scenario.payload('prefixed');
    // The profile covers the process's life; its start-up is left out of the summary.
    const startupUs = (performance.now() - spawnedAt) * 1000;
    if (warmupS > 0) await runLoad(target, payload, 10, warmupS);
    const cpuBefore = cpuTimeMs(gw.proc.pid) ?? 0;
    const r = combineRuns(10, [await runLoad(target, payload, 10, durationS)]);
    const cpuUs = (((cpuTimeMs(gw.proc.pid) ?? cpuBefore) - cpuBefore) * 1000) / (r.requests || 1);
    await gw.proc.stop();
    const summary = summarize(path.join(dir, file), 15, startupUs);
    profiles.push({ ...summary, scenario: name, pinned, okRps: r.okRps, p50Ms: r.p50Ms, cpuUsPerRequest: cpuUs });
    log(`\n${formatSummary(summary, `${scenario.label} @10 under --cpu-prof (${r.okRps.toFixed(0)} req/s, p50 ${r.p50Ms.toFixed(2)} ms, ${cpuUs.toFixed(0)} µs CPU/req)`)}`);
  }
  if (pinned) {
    pinProcess(process.pid, all);
    pinProcess(upstream.proc.pid, all);
  }
}

await stopAll();

const ratioList = ratios(rows);
const anchors = anchorRatios(rows);
const checks = [...anchorChecks(anchors, labels, ttfb, memory), ...targetChecks(ratioList, memory), ...floodChecks(floods)];
if (longMedia.upload) {
  const u = longMedia.upload;
  checks.push({ target: 'a 500 MB upload transcribed with the gateway under 300 MB RSS', pass: u.status === 200 && u.peakRssBytes < 300 * 1024 * 1024, measured: `${u.status}, peak RSS ${mb(u.peakRssBytes)} MB` });
}
if (rows.length) {
  log(`\nresults (${durationS} s per target in ${rounds} rounds; req/s counts 2xx answers; latencies of 2xx answers; RSS and CPU of the gateway or peer process; CPU µs per answer of that process, of the fake upstream and of the load generator):\n`);
  log(resultsTable(rows));
  log(`\nratios against direct calls (and against the peer, ${peerVersion ? `@portkey-ai/gateway ${peerVersion}` : 'not run'}):\n`);
  log(ratiosTable(ratioList, labels));
  log('\nagainst the anchors (CPU of the process under test with its children: nginx master + worker, cluster primary + workers + redis-server):\n');
  log(anchorTable(anchors, labels));
}
if (ttfb.length) log(`\nstreamed speech, time to first audio byte @1:\n${ttfbTable(ttfb)}`);
if (memory.length) log(`\nmemory:\n\n${memoryTable(memory)}`);
if (floods.length) log(`\nfloods:\n\n${floodsTable(floods)}`);
if (checks.length) log(`\ntargets:\n${checksText(checks)}`);

const out = values.out;
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(
  out,
  `${JSON.stringify({ machine, settings: { durationS, rounds, warmupS, connections: connectionCounts, phases: [...phases], peer: peerVersion && `@portkey-ai/gateway ${peerVersion}` }, rows, probes, ratios: ratioList, anchors, ttfb, memory, floods, longMedia, realtime, targets: checks, profiles }, null, 2)}\n`,
);
log(`\nwritten: ${path.relative(process.cwd(), out)}`);
