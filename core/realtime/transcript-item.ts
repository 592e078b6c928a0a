// One utterance of a translated realtime session, as OpenAI events: an item
// id, append-only transcription deltas (vendors whose partial transcripts
// replace each other are diffed against what was already sent), then one
// completed event. Used by adapters that translate a vendor's protocol.
import { randomUUID } from 'node:crypto';
import type { JsonObject } from '../json-payload.js';

export const realtimeEventId = (): string => `event_${randomUUID().replaceAll('-', '').slice(0, 20)}`;
const itemId = (): string => `item_${randomUUID().replaceAll('-', '').slice(0, 20)}`;

export class TranscriptItems {
  private id = itemId();
  private previousId: string | null = null;
  private sent = '';
  private committed = false;

  constructor(private readonly emit: (event: JsonObject) => void) {}

  get current(): string {
    return this.id;
  }

  /** The vendor's text so far for the current utterance: the part past what was sent becomes a delta. */
  text(full: string): void {
    if (!full.startsWith(this.sent) || full.length === this.sent.length) return;
    const delta = full.slice(this.sent.length);
    this.sent = full;
    this.emit({ type: 'conversation.item.input_audio_transcription.delta', event_id: realtimeEventId(), item_id: this.id, content_index: 0, delta });
  }

  speechStarted(audioStartMs: number): void {
    this.emit({ type: 'input_audio_buffer.speech_started', event_id: realtimeEventId(), audio_start_ms: Math.round(audioStartMs), item_id: this.id });
  }

  speechStopped(audioEndMs: number): void {
    this.emit({ type: 'input_audio_buffer.speech_stopped', event_id: realtimeEventId(), audio_end_ms: Math.round(audioEndMs), item_id: this.id });
  }

  /** The buffer became an item (a commit, or the vendor's end of speech); once per item. */
  commit(): void {
    if (this.committed) return;
    this.committed = true;
    this.emit({ type: 'input_audio_buffer.committed', event_id: realtimeEventId(), previous_item_id: this.previousId, item_id: this.id });
  }

  /** The utterance's final text: the rest as a delta, the completed event, and a fresh item for what follows. */
  complete(finalText: string): void {
    this.commit();
    this.text(finalText);
    this.emit({ type: 'conversation.item.input_audio_transcription.completed', event_id: realtimeEventId(), item_id: this.id, content_index: 0, transcript: finalText });
    this.previousId = this.id;
    this.id = itemId();
    this.sent = '';
    this.committed = false;
  }

  /** Anything sent for the current utterance (a delta, a commit) that has not completed yet. */
  get open(): boolean {
    return this.sent !== '' || this.committed;
  }
}
