// The gateway against its anchors, measured in the same run on the same load:
// CPU per answer over the bare Node byte proxy's and nginx's, throughput as a
// share of the byte proxy's, time to first audio byte above the byte proxy's,
// RSS per in-flight upload; each target of issue 21 as PASS or MISS.
import type { ScenarioName } from './load.js';
import type { MemoryResult } from './memory.js';
import { fixedOf as fixed, TARGET_LABELS, type Row, type TargetCheck, type TargetKind } from './report.js';
import type { TtfbResult } from './ttfb.js';

export interface AnchorRatio {
  scenario: ScenarioName;
  connections: number;
  target: TargetKind;
  cpuUs?: number;
  /** CPU per answer over the byte proxy's / nginx's. */
  cpuOverByteProxy?: number;
  cpuOverNginx?: number;
  /** 2xx/s over the byte proxy's. */
  throughputOfByteProxy?: number;
  p50OverByteProxyMs?: number;
}

export interface TtfbRow extends TtfbResult {
  target: TargetKind;
}

const SUBJECTS: readonly TargetKind[] = ['parse-proxy', 'gateway-bare', 'gateway-default', 'gateway-default-2w', 'peer', 'nginx'];
const over = (a: number | undefined, b: number | undefined): number | undefined => (a === undefined || b === undefined || b === 0 ? undefined : a / b);

export function anchorRatios(rows: readonly Row[]): AnchorRatio[] {
  const out: AnchorRatio[] = [];
  for (const r of rows) {
    if (!SUBJECTS.includes(r.target)) continue;
    const same = (t: TargetKind) => rows.find((x) => x.scenario === r.scenario && x.connections === r.connections && x.target === t);
    const proxy = same('byte-proxy');
    const nginx = same('nginx');
    const cpu = r.cpuUsPerRequest.process;
    out.push({
      scenario: r.scenario,
      connections: r.connections,
      target: r.target,
      cpuUs: cpu,
      cpuOverByteProxy: over(cpu, proxy?.cpuUsPerRequest.process),
      cpuOverNginx: r.target === 'nginx' ? undefined : over(cpu, nginx?.cpuUsPerRequest.process),
      throughputOfByteProxy: over(r.okRps, proxy?.okRps),
      p50OverByteProxyMs: proxy ? r.p50Ms - proxy.p50Ms : undefined,
    });
  }
  return out;
}

const x = (n: number | undefined) => (n === undefined ? '-' : `${fixed(n, 2)}×`);

export function anchorTable(list: readonly AnchorRatio[], labels: Record<ScenarioName, string>): string {
  const header = ['scenario', 'conns', 'target', 'CPU µs/answer', 'CPU × byte proxy', 'CPU × nginx', 'req/s × byte proxy', 'p50 over byte proxy ms'];
  const body = list.map((r) => [
    labels[r.scenario],
    String(r.connections),
    TARGET_LABELS[r.target],
    r.cpuUs === undefined ? '-' : fixed(r.cpuUs, 0),
    x(r.cpuOverByteProxy),
    x(r.cpuOverNginx),
    x(r.throughputOfByteProxy),
    r.p50OverByteProxyMs === undefined ? '-' : fixed(r.p50OverByteProxyMs, 2),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 || i === 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  return [line(header), `|${widths.map((w, i) => (i === 0 || i === 2 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`, ...body.map(line)].join('\n');
}

export function ttfbTable(list: readonly TtfbRow[]): string {
  return list.map((t) => `  ${TARGET_LABELS[t.target].padEnd(36)} first byte p50 ${fixed(t.p50Ms, 2).padStart(6)} ms  p99 ${fixed(t.p99Ms, 2).padStart(6)} ms  (${t.answers} answers${t.non2xx + t.errors ? `, ${t.non2xx} non-2xx, ${t.errors} errors` : ''})`).join('\n');
}

/** Issue 21's targets, on the default chain with auth on (one worker). */
export function anchorChecks(list: readonly AnchorRatio[], labels: Record<ScenarioName, string>, ttfb: readonly TtfbRow[], memory: readonly MemoryResult[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const who = TARGET_LABELS['gateway-default'];
  for (const r of list) {
    if (r.target !== 'gateway-default') continue;
    const at = `${labels[r.scenario]} @${r.connections}`;
    if (r.cpuOverByteProxy !== undefined) checks.push({ target: `${who}: ${at}, CPU per answer ≤ 1.5× the byte proxy's`, measured: x(r.cpuOverByteProxy), pass: r.cpuOverByteProxy <= 1.5 });
    if (r.cpuOverNginx !== undefined) checks.push({ target: `${who}: ${at}, CPU per answer ≤ 3× nginx's`, measured: x(r.cpuOverNginx), pass: r.cpuOverNginx <= 3 });
    if (r.connections === 10 && r.throughputOfByteProxy !== undefined) {
      checks.push({ target: `${who}: ${at}, throughput ≥ 0.8× the byte proxy's`, measured: x(r.throughputOfByteProxy), pass: r.throughputOfByteProxy >= 0.8 });
    }
  }
  const gw = ttfb.find((t) => t.target === 'gateway-default');
  const proxy = ttfb.find((t) => t.target === 'byte-proxy');
  if (gw && proxy) {
    const above = gw.p50Ms - proxy.p50Ms;
    checks.push({ target: `${who}: streamed speech @1, time to first audio byte ≤ 1 ms above the byte proxy's (p50)`, measured: `${fixed(above, 2)} ms (${fixed(gw.p50Ms, 2)} vs ${fixed(proxy.p50Ms, 2)})`, pass: above <= 1 });
  }
  for (const m of memory) {
    if (m.heldBoundBytes <= 0) continue;
    // RSS the uploads added at its peak, per upload byte the gateway held at most (RSS lags the
    // answers, so the bytes in flight at the RSS peak understate what made it).
    const perByte = (m.peakRssBytes - m.rssBeforeBytes) / m.heldBoundBytes;
    checks.push({
      target: `memory (${m.label}): peak RSS per in-flight ${fixed(m.uploadBytes / 1048576, 0)} MB upload ≤ 1.2× its size`,
      measured: `${x(perByte)} (${fixed((m.peakRssBytes - m.rssBeforeBytes) / 1048576, 0)} MB over ${fixed(m.heldBoundBytes / 1048576, 0)} MB held at most)`,
      pass: perByte <= 1.2,
    });
  }
  return checks;
}
