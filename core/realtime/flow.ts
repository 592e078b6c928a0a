// Back-pressure for one session, both ways. What waits for the slower side is
// bounded (realtime.max_buffer_kb): at half of it the faster side's socket is
// no longer read (TCP then slows the sender), below a quarter it is read
// again, and past the whole bound the session closes with 1013.
import type { WebSocket } from 'ws';
import type { RealtimeUpstream } from './contract.js';

const POLL_MS = 20;

export class Flow {
  private clientPaused = false;
  private upstreamPaused = false;
  private queuedBytes = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly client: WebSocket,
    private readonly upstream: () => RealtimeUpstream | undefined,
    private readonly maxBytes: number,
    private readonly overflow: (why: string) => void,
  ) {}

  /** Client events held while the upstream connects. */
  queued(bytes: number): void {
    this.queuedBytes += bytes;
    if (this.queuedBytes > this.maxBytes) return this.overflow(`over ${this.maxBytes / 1024} KiB of audio waited for the provider to connect`);
    if (this.queuedBytes > this.maxBytes / 2) this.pauseClient();
  }

  connected(): void {
    this.queuedBytes = 0;
    this.checkUpstream();
    this.poll();
  }

  /** After a send upstream: the vendor not taking audio as fast as the client sends it. */
  checkUpstream(): void {
    const buffered = this.upstream()?.bufferedAmount ?? 0;
    if (buffered > this.maxBytes) return this.overflow(`over ${this.maxBytes / 1024} KiB of audio waited for the provider`);
    if (buffered > this.maxBytes / 2) this.pauseClient();
  }

  /** After a send to the client: the client not reading events as fast as the vendor sends them. */
  checkClient(): void {
    const buffered = this.client.bufferedAmount;
    if (buffered > this.maxBytes) return this.overflow(`over ${this.maxBytes / 1024} KiB of events waited for the client to read them`);
    if (buffered > this.maxBytes / 2 && !this.upstreamPaused) {
      const upstream = this.upstream();
      if (!upstream) return;
      upstream.pause();
      this.upstreamPaused = true;
      this.poll();
    }
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private pauseClient(): void {
    if (this.clientPaused) return;
    this.client.pause();
    this.clientPaused = true;
    this.poll();
  }

  private poll(): void {
    if (this.timer || this.stopped || (!this.clientPaused && !this.upstreamPaused)) return;
    this.timer = setInterval(() => this.release(), POLL_MS);
  }

  private release(): void {
    const low = this.maxBytes / 4;
    const upstream = this.upstream();
    if (this.clientPaused && upstream && upstream.bufferedAmount < low) {
      this.clientPaused = false;
      this.client.resume();
    }
    if (this.upstreamPaused && this.client.bufferedAmount < low) {
      this.upstreamPaused = false;
      upstream?.resume();
    }
    if (!this.clientPaused && !this.upstreamPaused) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }
}
