// A realtime session's usage, kept in one place: audio seconds metered from
// the PCM16 the client appended (bytes / 2 / sample rate), frames each way,
// and how the session ended. The session's log record carries it
// (ResponseRecord.realtime).
//
// Pricing and budgets hook in here: `appended()` is called for every chunk
// of audio before it goes upstream (a place to reserve budget per chunk and
// refuse by throwing a GatewayError, which the session answers with an error
// event and a close), and `finish()` once when the session ends (a place to
// settle cost). The session reserves through the request's UsageMeter (the
// usage plugin's, set by its onSession hook) in blocks, and the hub settles
// the metered seconds at the end.

export interface RealtimeUsageRecord {
  /** provider/model the session asked for first. */
  model_requested: string;
  /** The instance and model that served it (the last one, after fallbacks); absent when none connected. */
  provider?: string;
  model?: string;
  /** Which target served it: 0 the primary, 1 the first fallback, … */
  fallback_index?: number;
  /** Audio appended by the client and sent upstream, in seconds (PCM16 mono at the session's rate). */
  audio_seconds: number;
  audio_bytes: number;
  sample_rate: number;
  frames_in: number;
  frames_out: number;
  transcripts: number;
  /** The WebSocket close code the session ended with, and why. */
  close_code: number;
  close_reason: string;
  duration_s: number;
}

export class RealtimeUsage {
  private bytes = 0;
  private seconds = 0;
  framesIn = 0;
  framesOut = 0;
  transcripts = 0;

  constructor(private modelRequested: string, public sampleRate: number) {}

  /** The first model the session named (a session.update's, when the URL named none). */
  modelRequestedIs(model: string): void {
    this.modelRequested = model;
  }

  /** A chunk of PCM16 audio appended by the client, about to go upstream. */
  appended(audio: Buffer): void {
    this.bytes += audio.length;
    // Seconds are summed per chunk at the rate in force when it arrived (a session.update may change it).
    this.seconds += audio.length / 2 / this.sampleRate;
  }

  /** The seconds metered so far plus `audio`'s, unrounded: what must be held before it goes upstream. */
  secondsWith(audio: Buffer): number {
    return this.seconds + audio.length / 2 / this.sampleRate;
  }

  get audioSeconds(): number {
    return Math.round(this.seconds * 1000) / 1000;
  }

  get audioBytes(): number {
    return this.bytes;
  }

  finish(end: { provider?: string; model?: string; fallbackIndex?: number; closeCode: number; closeReason: string; durationMs: number }): RealtimeUsageRecord {
    return {
      model_requested: this.modelRequested,
      ...(end.provider === undefined ? {} : { provider: end.provider, model: end.model }),
      ...(end.fallbackIndex === undefined ? {} : { fallback_index: end.fallbackIndex }),
      audio_seconds: this.audioSeconds,
      audio_bytes: this.bytes,
      sample_rate: this.sampleRate,
      frames_in: this.framesIn,
      frames_out: this.framesOut,
      transcripts: this.transcripts,
      close_code: end.closeCode,
      close_reason: end.closeReason,
      duration_s: Math.round(end.durationMs) / 1000,
    };
  }
}
