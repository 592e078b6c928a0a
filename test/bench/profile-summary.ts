// Reads a V8 .cpuprofile (node --cpu-prof) and aggregates self time by
// function and by file, sorted, with each entry's origin: the gateway's own
// code (core/, plugins/, providers/), a library (node_modules/<package>),
// Node's internals, or V8's pseudo-entries (GC, program, idle).
//   node dist/test/bench/profile-summary.js FILE.cpuprofile [--top N]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface SelfTime {
  name: string;
  /** file:line (repository-relative where it is the gateway's or a library's). */
  where: string;
  origin: string;
  ms: number;
  /** Share of the non-idle time. */
  pct: number;
  /** Who called it (the calling frame's function@where), with the share of this entry's self time: for native entries, the JS that did the work. */
  callers?: Array<{ caller: string; pct: number }>;
}

export interface ProfileSummary {
  file: string;
  totalMs: number;
  idleMs: number;
  busyMs: number;
  top: SelfTime[];
  /** The gateway's own functions (core/, plugins/, providers/), by self time. */
  gateway: SelfTime[];
  /** Self time by origin: gateway:core, lib:undici, node, (garbage collector)… */
  byOrigin: Array<{ origin: string; ms: number; pct: number }>;
  /** Self time by file. */
  byFile: Array<{ file: string; origin: string; ms: number; pct: number }>;
}

/** Where a script comes from, from its URL. */
export function originOf(url: string, name: string): { origin: string; file: string } {
  if (!url) return { origin: name.startsWith('(') ? name : 'native', file: name.startsWith('(') ? name : '(native)' };
  const p = url.startsWith('file://') ? fileURLToPath(url) : url;
  if (p.startsWith('node:')) return { origin: 'node', file: p };
  const nm = p.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = p.slice(nm + '/node_modules/'.length);
    const parts = rest.split('/');
    const pkg = parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
    return { origin: `lib:${pkg}`, file: `node_modules/${rest}` };
  }
  const own = /\/dist\/((core|plugins|providers|test)\/.*)$/.exec(p);
  if (own) return { origin: own[2] === 'test' ? 'test' : `gateway:${own[2]}`, file: own[1]! };
  return { origin: 'other', file: path.basename(p) };
}

const PSEUDO_IDLE = '(idle)';

/** `skipUs`: leave out the profile's first microseconds (the start-up: module loading, schema compiling), to keep the requests' work. */
export function summarize(file: string, top = 15, skipUs = 0): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  // timeDeltas[i] is the time from sample i-1 to sample i: sample i's node ran for timeDeltas[i + 1].
  let at = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i] ?? 0;
    if (at < skipUs) continue;
    const dt = profile.timeDeltas[i + 1] ?? 0;
    const id = profile.samples[i]!;
    selfUs.set(id, (selfUs.get(id) ?? 0) + Math.max(0, dt));
  }

  const parentOf = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parentOf.set(c, n.id);
  const describe = (frame: CallFrame) => {
    const name = frame.functionName || '(anonymous)';
    const { origin, file: f } = originOf(frame.url, name);
    return { name, origin, file: f, where: frame.url ? `${f}:${frame.lineNumber + 1}` : f };
  };

  interface Entry {
    name: string;
    where: string;
    origin: string;
    file: string;
    us: number;
    callers: Map<string, number>;
  }
  const fns = new Map<string, Entry>();
  let totalUs = 0;
  let idleUs = 0;
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)!.callFrame;
    totalUs += us;
    if (frame.functionName === PSEUDO_IDLE) {
      idleUs += us;
      continue;
    }
    const d = describe(frame);
    const key = `${d.name}@${d.where}`;
    const entry = fns.get(key) ?? { ...d, us: 0, callers: new Map<string, number>() };
    entry.us += us;
    const parent = parentOf.get(id);
    if (parent !== undefined) {
      const p = describe(byId.get(parent)!.callFrame);
      const caller = `${p.name}@${p.where}`;
      entry.callers.set(caller, (entry.callers.get(caller) ?? 0) + us);
    }
    fns.set(key, entry);
  }
  const busyUs = totalUs - idleUs || 1;
  const asSelf = (e: Entry): SelfTime => ({
    name: e.name,
    where: e.where,
    origin: e.origin,
    ms: e.us / 1000,
    pct: (100 * e.us) / busyUs,
    callers: [...e.callers.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([caller, us]) => ({ caller, pct: (100 * us) / (e.us || 1) })),
  });
  const sorted = [...fns.values()].sort((a, b) => b.us - a.us);

  const sumBy = <K extends string>(key: (e: (typeof sorted)[number]) => K) => {
    const m = new Map<K, { us: number; origin: string }>();
    for (const e of sorted) {
      const k = key(e);
      const cur = m.get(k) ?? { us: 0, origin: e.origin };
      cur.us += e.us;
      m.set(k, cur);
    }
    return [...m.entries()].sort((a, b) => b[1].us - a[1].us);
  };

  return {
    file,
    totalMs: totalUs / 1000,
    idleMs: idleUs / 1000,
    busyMs: busyUs / 1000,
    top: sorted.slice(0, top).map(asSelf),
    gateway: sorted.filter((e) => e.origin.startsWith('gateway:')).slice(0, top).map(asSelf),
    byOrigin: sumBy((e) => e.origin).map(([origin, v]) => ({ origin, ms: v.us / 1000, pct: (100 * v.us) / busyUs })),
    byFile: sumBy((e) => e.file)
      .slice(0, top)
      .map(([f, v]) => ({ file: f, origin: v.origin, ms: v.us / 1000, pct: (100 * v.us) / busyUs })),
  };
}

const pad = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s.padEnd(n));
const num = (n: number, w: number, d = 1) => n.toFixed(d).padStart(w);

export function formatSummary(s: ProfileSummary, title = path.basename(s.file)): string {
  const lines = [`${title}: ${num(s.busyMs, 0, 0)} ms busy of ${num(s.totalMs, 0, 0)} ms sampled (idle ${((100 * s.idleMs) / (s.totalMs || 1)).toFixed(0)}%)`];
  const fnTable = (rows: SelfTime[], callers = false) => {
    lines.push(`  ${pad('self ms', 9)} ${pad('%busy', 6)} ${pad('function', 34)} ${pad('origin', 22)} where`);
    for (const r of rows) {
      lines.push(`  ${num(r.ms, 9)} ${num(r.pct, 5)}% ${pad(r.name, 34)} ${pad(r.origin, 22)} ${r.where}`);
      if (callers && r.origin === 'native' && r.callers?.length) lines.push(`  ${' '.repeat(17)}← ${r.callers.map((c) => `${c.caller} ${c.pct.toFixed(0)}%`).join(', ')}`);
    }
  };
  lines.push(' top self time (← the callers of native entries):');
  fnTable(s.top, true);
  lines.push(' by origin:');
  for (const o of s.byOrigin.slice(0, 12)) lines.push(`  ${num(o.ms, 9)} ${num(o.pct, 5)}% ${o.origin}`);
  lines.push(" the gateway's own functions:");
  fnTable(s.gateway.slice(0, 10));
  return lines.join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '15' } } });
  if (positionals.length === 0) {
    process.stderr.write('usage: node dist/test/bench/profile-summary.js FILE.cpuprofile… [--top N]\n');
    process.exit(2);
  }
  for (const f of positionals) process.stdout.write(`${formatSummary(summarize(f, Number(values.top)))}\n\n`);
}
