// The benchmark's figures as text: the results table, the ratios against
// direct calls and against the peer gateway, the memory runs, and each
// target with PASS or MISS.
import type { LoadResult, ScenarioName } from './load.js';
import type { MemoryResult } from './memory.js';

export type TargetKind = 'direct' | 'nginx' | 'byte-proxy' | 'parse-proxy' | 'gateway-bare' | 'gateway-default' | 'gateway-default-2w' | 'peer';

export const TARGET_LABELS: Record<TargetKind, string> = {
  direct: 'direct',
  nginx: 'nginx (1 worker)',
  'byte-proxy': 'bare Node byte proxy',
  'parse-proxy': 'parsing Node proxy',
  'gateway-bare': 'voxgate (plugins: [])',
  'gateway-default': 'voxgate (default chain, auth on)',
  'gateway-default-2w': 'voxgate (default, auth, 2 workers)',
  peer: 'portkey gateway',
};

export interface Row extends LoadResult {
  scenario: ScenarioName;
  scenarioLabel: string;
  target: TargetKind;
  /** Peak RSS of the process under test (undefined for direct calls). */
  peakRssBytes?: number;
  /** CPU time (user + system) per answer: of the process under test (gateway or peer), the fake upstream, and the load generator. */
  cpuUsPerRequest: { process?: number; upstream?: number; loadgen?: number };
}

export interface Ratio {
  scenario: ScenarioName;
  connections: number;
  target: TargetKind;
  /** 2xx/s through the target over 2xx/s direct. */
  throughputOfDirect: number;
  p50OverheadMs: number;
  p99OverheadMs: number;
  /** 2xx/s through the target over 2xx/s through the peer (Infinity when the peer served none). */
  overPeer?: number;
}

export interface TargetCheck {
  target: string;
  measured: string;
  pass: boolean;
}

const MB = 1024 * 1024;
export const mb = (bytes: number | undefined): string => (bytes === undefined ? '-' : (bytes / MB).toFixed(0));
const fixed = (n: number, d = 1): string => (Number.isFinite(n) ? n.toFixed(d) : n === Infinity ? '∞' : '-');

function table(header: string[], rows: string[][], rightAlign: (i: number) => boolean): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (rightAlign(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ')} |`;
  return [line(header), `|${widths.map((w, i) => (rightAlign(i) ? `${'-'.repeat(w + 1)}:` : `${'-'.repeat(w + 2)}`)).join('|')}|`, ...rows.map(line)].join('\n');
}

export function resultsTable(rows: Row[]): string {
  const header = ['scenario', 'conns', 'target', 'req/s (2xx)', 'p50 ms', 'p99 ms', 'errors', 'non-2xx', 'peak RSS MB', 'CPU µs/req', 'upstream µs/req', 'loadgen µs/req'];
  const us = (n: number | undefined) => (n === undefined ? '-' : fixed(n, 0));
  const body = rows.map((r) => [
    r.scenarioLabel,
    String(r.connections),
    TARGET_LABELS[r.target],
    fixed(r.okRps, 0),
    fixed(r.p50Ms, 2),
    fixed(r.p99Ms, 2),
    String(r.errors),
    String(r.non2xx),
    mb(r.peakRssBytes),
    us(r.cpuUsPerRequest.process),
    us(r.cpuUsPerRequest.upstream),
    us(r.cpuUsPerRequest.loadgen),
  ]);
  return table(header, body, (i) => i === 1 || i >= 3);
}

export function ratios(rows: Row[]): Ratio[] {
  const out: Ratio[] = [];
  for (const r of rows) {
    if (r.target === 'direct') continue;
    const same = (t: TargetKind) => rows.find((x) => x.scenario === r.scenario && x.connections === r.connections && x.target === t);
    const direct = same('direct');
    if (!direct) continue;
    const peer = same('peer');
    out.push({
      scenario: r.scenario,
      connections: r.connections,
      target: r.target,
      throughputOfDirect: r.okRps / direct.okRps,
      p50OverheadMs: r.p50Ms - direct.p50Ms,
      p99OverheadMs: r.p99Ms - direct.p99Ms,
      overPeer: peer && r.target !== 'peer' ? (peer.okRps > 0 ? r.okRps / peer.okRps : Infinity) : undefined,
    });
  }
  return out;
}

export function ratiosTable(list: Ratio[], labels: Record<ScenarioName, string>): string {
  const header = ['scenario', 'conns', 'target', 'throughput of direct', 'p50 overhead ms', 'p99 overhead ms', '× peer'];
  const body = list.map((r) => [
    labels[r.scenario],
    String(r.connections),
    TARGET_LABELS[r.target],
    `${fixed(100 * r.throughputOfDirect, 0)}%`,
    fixed(r.p50OverheadMs, 2),
    fixed(r.p99OverheadMs, 2),
    r.overPeer === undefined ? '-' : fixed(r.overPeer, 1),
  ]);
  return table(header, body, (i) => i === 1 || i >= 3);
}

/** peak RSS < 1.5 × bytes in flight + 150 MB */
export const rssLimit = (heldBytes: number): number => 1.5 * heldBytes + 150 * MB;

export function memoryTable(list: MemoryResult[]): string {
  const header = ['run', 'budget MB', 'uploads', 'peak in flight MB', 'held ≤ MB', 'peak RSS MB', 'limit MB', '200', '503', '503 w/ Retry-After', 'conn errors', 'alive'];
  const body = list.map((m) => [
    m.label,
    String(m.maxInflightMb),
    `${m.uploads} × ${mb(m.uploadBytes)} MB`,
    mb(m.peakInflightBytes),
    mb(m.heldBoundBytes),
    `${mb(m.peakRssBytes)}${m.hwmRssBytes !== undefined ? ` (hwm ${mb(m.hwmRssBytes)})` : ''}`,
    mb(rssLimit(m.heldBoundBytes)),
    String(m.ok),
    String(m.shed),
    String(m.shedWithRetryAfter),
    String(m.connectionErrors),
    m.survived ? 'yes' : 'NO',
  ]);
  return table(header, body, (i) => i >= 1 && i !== 2);
}

export function targetChecks(list: Ratio[], memory: MemoryResult[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const target of ['gateway-default', 'gateway-bare'] as const) {
    const r = list.find((x) => x.scenario === 'transcription-256k' && x.connections === 10 && x.target === target);
    if (!r) continue;
    const who = TARGET_LABELS[target];
    checks.push({ target: `${who}: transcription 256 KB @10, throughput ≥ 40% of direct`, measured: `${fixed(100 * r.throughputOfDirect, 1)}%`, pass: r.throughputOfDirect >= 0.4 });
    checks.push({ target: `${who}: transcription 256 KB @10, p50 overhead < 2 ms`, measured: `${fixed(r.p50OverheadMs, 2)} ms`, pass: r.p50OverheadMs < 2 });
    if (r.overPeer !== undefined) checks.push({ target: `${who}: transcription 256 KB @10, ≥ 10× the peer's throughput`, measured: `${fixed(r.overPeer, 1)}×`, pass: r.overPeer >= 10 });
    // Under a closed loop, p50 ≈ connections ÷ throughput: at 10 connections the overhead is mostly
    // queueing. At 1 connection it is what one request costs the gateway.
    const alone = list.find((x) => x.scenario === 'transcription-256k' && x.connections === 1 && x.target === target);
    if (alone) checks.push({ target: `${who}: transcription 256 KB @1 (no queueing), p50 overhead < 2 ms`, measured: `${fixed(alone.p50OverheadMs, 2)} ms`, pass: alone.p50OverheadMs < 2 });
  }
  for (const m of memory) {
    checks.push({
      target: `memory (${m.label}): peak RSS < 1.5 × in flight + 150 MB`,
      measured: `${mb(m.peakRssBytes)} MB < ${mb(rssLimit(m.heldBoundBytes))} MB`,
      pass: m.peakRssBytes < rssLimit(m.heldBoundBytes),
    });
    const overBudget = m.uploads * m.uploadBytes > m.maxInflightMb * MB;
    checks.push({
      target: `memory (${m.label}): ${overBudget ? 'load past the budget shed with 503 + Retry-After, ' : ''}never a crash`,
      measured: `${m.ok}×200, ${m.shed}×503 (${m.shedWithRetryAfter} with Retry-After ${m.retryAfterValues.join(', ') || '-'}), ${m.survived ? 'alive' : 'DEAD'}`,
      pass: m.shed === m.shedWithRetryAfter && m.survived && (!overBudget || m.shed > 0),
    });
    checks.push({
      target: `memory (${m.label}): every upload gets an answer (none lost to a reset)`,
      measured: `${m.connectionErrors} of ${m.uploads} without an answer${m.firstConnectionError ? ` (${m.firstConnectionError})` : ''}`,
      pass: m.connectionErrors === 0,
    });
  }
  return checks;
}

export const fixedOf = fixed;

export const checksText = (checks: TargetCheck[]): string => checks.map((c) => `${c.pass ? 'PASS' : 'MISS'}  ${c.target}: ${c.measured}`).join('\n');
