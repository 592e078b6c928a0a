// The realtime phase of `npm run bench` (--only realtime): the latency a
// realtime session adds per frame (each 100 ms PCM16 append's round trip to
// the echoing upstream, through the gateway against straight to it) at 1 and
// 50 concurrent sessions, and the sessions one core holds at real-time rate
// (each session one 100 ms frame every 100 ms), from the gateway's CPU time.
import { WebSocket } from 'ws';

const FRAME = Buffer.alloc(4800).toString('base64'); // 100 ms at 24 kHz

export interface RealtimeLatency {
  target: 'direct' | 'gateway';
  sessions: number;
  frames: number;
  p50Ms: number;
  p99Ms: number;
}

export interface RealtimeHold {
  sessions: number;
  framesPerSecond: number;
  cpuFraction: number;
  sessionsPerCore: number;
}

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

function openSession(url: string): Promise<WebSocket> {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  return new Promise((resolve, reject) => {
    ws.once('open', () => {
      ws.send(JSON.stringify({ type: 'session.update', session: { type: 'transcription', audio: { input: { format: { type: 'audio/pcm', rate: 24000 }, turn_detection: null } } } }));
      resolve(ws);
    });
    ws.once('error', reject);
  });
}

/** One session sending frames back to back for `ms`, each after the previous one's echo: its round trips. */
async function closedLoop(ws: WebSocket, ms: number, out: number[]): Promise<void> {
  const end = performance.now() + ms;
  let n = 0;
  while (performance.now() < end) {
    const id = `f${n++}`;
    const started = performance.now();
    await new Promise<void>((resolve) => {
      const onMessage = (data: unknown): void => {
        if (String(data).includes(`"delta":"${id}"`)) {
          ws.off('message', onMessage);
          resolve();
        }
      };
      ws.on('message', onMessage);
      ws.send(JSON.stringify({ type: 'input_audio_buffer.append', event_id: id, audio: FRAME }));
    });
    out.push(performance.now() - started);
  }
}

export async function realtimeLatency(target: RealtimeLatency['target'], url: string, sessions: number, ms: number): Promise<RealtimeLatency> {
  const sockets = await Promise.all(Array.from({ length: sessions }, () => openSession(url)));
  const trips: number[] = [];
  await Promise.all(sockets.map((ws) => closedLoop(ws, ms, trips)));
  for (const ws of sockets) ws.close();
  trips.sort((a, b) => a - b);
  return { target, sessions, frames: trips.length, p50Ms: percentile(trips, 50), p99Ms: percentile(trips, 99) };
}

/** `sessions` sessions at real-time rate for `ms`; the gateway's CPU share then says how many one core would hold. */
export async function realtimeHold(url: string, sessions: number, ms: number, cpuMs: () => number): Promise<RealtimeHold> {
  const sockets = await Promise.all(Array.from({ length: sessions }, () => openSession(url)));
  let frames = 0;
  const timers = sockets.map((ws) => setInterval(() => {
    ws.send(JSON.stringify({ type: 'input_audio_buffer.append', audio: FRAME }));
    frames++;
  }, 100));
  await new Promise((resolve) => setTimeout(resolve, 1000)); // settle
  const cpuBefore = cpuMs();
  const framesBefore = frames;
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const elapsed = performance.now() - started;
  const cpuFraction = (cpuMs() - cpuBefore) / elapsed;
  const sent = frames - framesBefore;
  for (const t of timers) clearInterval(t);
  for (const ws of sockets) ws.close();
  return { sessions, framesPerSecond: (sent / elapsed) * 1000, cpuFraction, sessionsPerCore: cpuFraction > 0 ? sessions / cpuFraction : Infinity };
}

export function realtimeTable(latency: readonly RealtimeLatency[], hold: RealtimeHold | undefined): string {
  const lines = ['realtime: per-frame round trip (100 ms PCM16 appends, closed loop)'];
  for (const sessions of [...new Set(latency.map((l) => l.sessions))]) {
    const direct = latency.find((l) => l.sessions === sessions && l.target === 'direct');
    const gateway = latency.find((l) => l.sessions === sessions && l.target === 'gateway');
    if (!direct || !gateway) continue;
    lines.push(`  @${String(sessions).padEnd(3)} direct p50 ${direct.p50Ms.toFixed(2)} ms p99 ${direct.p99Ms.toFixed(2)} ms | gateway p50 ${gateway.p50Ms.toFixed(2)} ms p99 ${gateway.p99Ms.toFixed(2)} ms | added p50 ${(gateway.p50Ms - direct.p50Ms).toFixed(2)} ms (${gateway.frames} frames)`);
  }
  if (hold) lines.push(`  ${hold.sessions} sessions at real-time rate (${hold.framesPerSecond.toFixed(0)} frames/s): gateway CPU ${(hold.cpuFraction * 100).toFixed(1)}% of a core → ~${hold.sessionsPerCore.toFixed(0)} sessions per core`);
  return lines.join('\n');
}
