// audio_seconds_per_minute for a realtime session: a gate on the session
// (core/realtime/audio-gate.ts) that takes the audio from the same per-minute
// counter HTTP transcriptions count in, block by block before it goes
// upstream, and gives back at the end what it took and was not sent.
import type { AudioGate } from '../../core/kit.js';
import { MINUTE_MS, audioMs, secondsUntil } from './checks.js';
import type { Counters, Taken } from './counters.js';
import { sessionAudioExhausted } from './refusals.js';

export interface SessionAudioDeps {
  counters: Counters;
  /** The principal's audio counter (ratelimit:audio:…). */
  key: string;
  capSeconds: number;
  who: string;
  refused(): void;
  /** A store failure: throws (on_store_error: refuse) or returns to let the audio through uncounted. */
  storeFailed(err: unknown): void;
  /** A give-back that failed: reported, never thrown. */
  report(err: unknown): void;
}

export class SessionAudioLimit implements AudioGate {
  private readonly shares: Taken[] = [];

  constructor(private readonly deps: SessionAudioDeps) {}

  async take(seconds: number, last: boolean): Promise<void> {
    const { counters, key, capSeconds, who } = this.deps;
    const by = audioMs(seconds);
    let outcome;
    try {
      outcome = await counters.take(key, by, MINUTE_MS, audioMs(capSeconds));
    } catch (err) {
      this.deps.storeFailed(err);
      return;
    }
    if (!outcome.result.applied) {
      // A block asked ahead and refused is asked again smaller: only the refusal that ends the session counts.
      if (last) this.deps.refused();
      throw sessionAudioExhausted(who, audioMs(capSeconds), outcome.result.value, secondsUntil(outcome.result.ttlMs));
    }
    this.shares.push(outcome.taken);
  }

  async end(usedSeconds: number): Promise<void> {
    // Taken ahead and not sent: given back from the latest shares (the ones still in this minute's window).
    let excess = this.shares.reduce((ms, share) => ms + share.by, 0) - audioMs(usedSeconds);
    for (let i = this.shares.length - 1; i >= 0 && excess > 0; i--) {
      const share = this.shares[i]!;
      const back = Math.min(share.by, excess);
      await this.quietly({ ...share, by: back });
      excess -= back;
    }
    this.shares.length = 0;
  }

  private async quietly(share: Taken): Promise<void> {
    try {
      await this.deps.counters.giveBack(share);
    } catch (err) {
      this.deps.report(err);
    }
  }
}
