// One realtime transcription session: the client's socket on one side, the
// chosen provider's upstream on the other. Client frames are checked (bad
// ones get an `error` event, the socket stays open), audio is metered, and
// events flow both ways with bounded buffers. The upstream failing before the
// first transcript event falls back to the next target (the audio so far is
// replayed); after it, the client gets an `error` event and a close.
import type { WebSocket, RawData } from 'ws';
import { internalError, isGatewayError, type GatewayError } from '../errors.js';
import type { JsonObject } from '../json-payload.js';
import type { Logger } from '../logger.js';
import type { ProviderRegistry } from '../registry.js';
import type { ModelRef } from '../types.js';
import { scrubDeep, scrubError } from '../upstream/scrub.js';
import { upstreamUnreachable } from '../upstream/network-errors.js';
import type { RealtimeClientEvent, RealtimeSink, RealtimeUpstream } from './contract.js';
import { badFrame, openUpstream } from './connect.js';
import { parseClientFrame, FrameProblem, type SessionAsk } from './client-events.js';
import { CLOSE, type SessionEnd } from './close-codes.js';
import { errorEvent, sessionEvent } from './server-events.js';
import { frameText } from './upstream-socket.js';
import { resolveTargets, sessionFor, targetNames, type SessionSettings, mergeSettings } from './targets.js';
import { RealtimeUsage } from './usage.js';
import { Flow } from './flow.js';
import type { UsageMeter } from '../usage-meter.js';
import { inBlocks, type AudioGate } from './audio-gate.js';

export interface SessionDeps {
  providers: ProviderRegistry;
  logger: Logger;
  /** Configured provider keys: scrubbed from whatever reaches the client. */
  secrets: readonly string[];
  maxBufferBytes: number;
  idleMs: number;
  maxSessionMs: number;
  /** Whether the principal may use these provider/model names (auth's onRequest on the session's head); throws a GatewayError. */
  authorize(models: readonly string[]): Promise<void>;
  frames(direction: 'in' | 'out'): void;
  ended(end: SessionEnd): void;
  /** The caller's meter when the usage plugin runs: audio is reserved against budgets before it goes upstream. */
  meter?: UsageMeter;
  /** Other limits on the session's audio (rate-limit's audio per minute), taken from like the meter. */
  gates?: readonly AudioGate[];
}

export interface SessionInit {
  id: string;
  targets?: ModelRef[];
  settings: SessionSettings;
}

const TRANSCRIPT_EVENT = /input_audio_transcription\.(delta|completed)$/;
/** The vendor's own session lifecycle: the gateway answers those itself. */
const OWN_EVENTS = new Set(['session.created', 'session.updated', 'transcription_session.created', 'transcription_session.updated']);

export class RealtimeSession {
  private targets: ModelRef[] | undefined;
  private settings: SessionSettings;
  private index = 0;
  private upstream: RealtimeUpstream | undefined;
  private connecting = false;
  private generation = 0;
  /** Events waiting for an upstream. */
  private queue: RealtimeClientEvent[] = [];
  /** Everything sent since the start, for a fallback; dropped at the first transcript event or past the buffer bound. */
  private replay: RealtimeClientEvent[] | undefined = [];
  private replayBytes = 0;
  private sawTranscript = false;
  private ending: { code: number; reason: string; error?: GatewayError } | undefined;
  private readonly abort = new AbortController();
  private readonly started = performance.now();
  readonly usage: RealtimeUsage;
  private readonly flow: Flow;
  private idleTimer: NodeJS.Timeout | undefined;
  private readonly maxTimer: NodeJS.Timeout;
  private variant: SessionAsk['variant'] = 'ga';
  private inOrder: Promise<void> = Promise.resolve();
  /** Audio seconds held against budgets so far (settled at the end to what was metered). */
  private reservedSeconds = 0;
  /** Audio seconds each gate has admitted so far. */
  private readonly gateHeld = new Map<AudioGate, number>();

  constructor(private readonly client: WebSocket, private readonly init: SessionInit, private readonly deps: SessionDeps) {
    this.targets = init.targets;
    this.settings = init.settings;
    this.usage = new RealtimeUsage(init.targets ? targetNames(init.targets)[0]! : '', init.settings.sampleRate);
    this.flow = new Flow(client, () => this.upstream, deps.maxBufferBytes, (why) => this.close(CLOSE.backPressure, why));
    client.on('message', (data, isBinary) => this.fromClient(data, isBinary));
    client.on('close', (code, reason) => this.clientClosed(code, reason.toString('utf8')));
    client.on('error', () => undefined);
    this.maxTimer = setTimeout(() => this.limitReached('session_too_long', `The session reached realtime.max_session_s (${deps.maxSessionMs / 1000} s); open a new one to go on.`), deps.maxSessionMs);
    this.touch();
    this.sendClient(sessionEvent('created', this.variant, init.id, this.describe()));
    // The upstream opens on the first client event: a session.update sent right after the upgrade
    // (language, VAD, sample rate) reaches vendors that take their options only at connect.
  }

  /** Ends the session from outside (shutdown): an error event, then the close. */
  shutdown(): void {
    this.close(CLOSE.goingAway, 'the gateway is shutting down');
  }

  private describe(): { model: string | null; settings: SessionSettings } {
    return { model: this.targets ? targetNames(this.targets)[0]! : null, settings: this.settings };
  }

  private touch(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.limitReached('idle_timeout', `No client event for realtime.idle_timeout_s (${this.deps.idleMs / 1000} s): the session was closed.`), this.deps.idleMs);
  }

  private limitReached(code: string, message: string): void {
    this.failWith(badFrame(code, message, undefined, 408), CLOSE.policy);
  }

  private fromClient(data: RawData, isBinary: boolean): void {
    if (this.ending) return;
    this.touch();
    this.usage.framesIn++;
    this.deps.frames('in');
    // In order: a session.update checks the model asynchronously, and the audio after it must wait for it.
    this.inOrder = this.inOrder.then(() => this.handle(data, isBinary)).catch((err: unknown) => {
      this.deps.logger.error({ requestId: this.init.id, err }, 'a realtime client frame failed unexpectedly');
    });
  }

  private async handle(data: RawData, isBinary: boolean): Promise<void> {
    if (this.ending) return;
    if (isBinary) return this.problem(new FrameProblem(badFrame('binary_frame', 'Binary frames are not read: send JSON events, the audio base64-encoded in input_audio_buffer.append.')));
    const frame = parseClientFrame(frameText(data));
    if (frame instanceof FrameProblem) return this.problem(frame);
    switch (frame.type) {
      case 'session.update':
        return this.update(frame.ask, frame.eventId);
      case 'input_audio_buffer.append':
        if (!this.targets) return this.problem(new FrameProblem(badFrame('model_required', 'No model yet: give model=provider/model in the URL, or session.audio.input.transcription.model in a session.update, before appending audio.', 'model'), frame.eventId));
        try {
          await this.reserveFor(frame.audio);
          if (this.ending) return;
          this.usage.appended(frame.audio);
        } catch (err) {
          return this.failWith(isGatewayError(err) ? err : internalError(err), CLOSE.policy);
        }
        return this.forward(frame);
      default:
        if (!this.targets) return this.problem(new FrameProblem(badFrame('model_required', 'No model yet: give model=provider/model in the URL or in a session.update first.', 'model'), frame.eventId));
        return this.forward(frame);
    }
  }

  /**
   * Holds the audio against every gate and the budgets before it goes upstream, each of them a block
   * ahead of what was sent (one store round trip per block, not per chunk). A refusal ends the session.
   */
  private async reserveFor(audio: Buffer): Promise<void> {
    const needed = this.usage.secondsWith(audio);
    for (const gate of this.deps.gates ?? []) {
      const held = this.gateHeld.get(gate) ?? 0;
      if (needed > held) this.gateHeld.set(gate, held + (await inBlocks(needed - held, (seconds, last) => gate.take(seconds, last))));
    }
    const { meter } = this.deps;
    if (meter && needed > this.reservedSeconds) {
      this.reservedSeconds += await inBlocks(needed - this.reservedSeconds, (seconds) => meter.reserve({ audio_seconds: seconds }, this.targets!.slice(this.index)));
    }
  }

  private async update(ask: SessionAsk, eventId: string | undefined): Promise<void> {
    this.variant = ask.variant;
    let targets = this.targets;
    try {
      if (ask.model !== undefined && !this.sameModel(ask.model)) {
        if (this.upstream || this.connecting) throw badFrame('model_change_unsupported', 'The session already has a model; open a new session to use another one.', 'session.audio.input.transcription.model');
        targets = resolveTargets(ask.model, ask.fallbacks, this.deps.providers);
        await this.deps.authorize(targetNames(targets));
      }
    } catch (err) {
      return this.problem(new FrameProblem(isGatewayError(err) ? err : badFrame('invalid_session', String(err)), eventId));
    }
    if (this.ending) return;
    this.settings = mergeSettings(this.settings, ask);
    this.usage.sampleRate = this.settings.sampleRate;
    const first = !this.targets && targets !== undefined;
    this.targets = targets;
    if (first) this.usage.modelRequestedIs(targetNames(targets!)[0]!);
    this.sendClient(sessionEvent('updated', this.variant, this.init.id, this.describe()));
    if (!this.targets) return;
    // Not connected yet: the upstream gets the merged session when it opens.
    if (first || this.generation === 0) return this.connect();
    this.forward({ type: 'session.update', session: sessionFor(this.current(), this.settings), eventId });
  }

  private sameModel(model: string): boolean {
    if (!this.targets) return false;
    const primary = this.targets[0]!;
    return model === targetNames([primary])[0] || model === this.current().model;
  }

  private current(): ModelRef {
    return this.targets![this.index]!;
  }

  private forward(event: RealtimeClientEvent): void {
    if (this.replay) {
      this.replay.push(event);
      this.replayBytes += event.type === 'input_audio_buffer.append' ? event.audio.length : 64;
      if (this.replayBytes > this.deps.maxBufferBytes) this.replay = undefined;
    }
    if (this.upstream) {
      this.upstream.send(event);
      this.flow.checkUpstream();
      return;
    }
    this.queue.push(event);
    this.flow.queued(event.type === 'input_audio_buffer.append' ? event.audio.length : 64);
    if (!this.connecting && this.generation === 0) this.connect();
  }

  private connect(): void {
    const target = this.current();
    const generation = ++this.generation;
    this.connecting = true;
    const sink: RealtimeSink = { event: (e) => this.fromUpstream(generation, e), closed: (info) => this.upstreamClosed(generation, info) };
    const attempt = (): Promise<RealtimeUpstream> => openUpstream(this.deps, { id: this.init.id, target, settings: this.settings, signal: this.abort.signal, sink });
    attempt().then(
      (upstream) => {
        this.connecting = false;
        if (this.ending || generation !== this.generation) return upstream.close();
        this.upstream = upstream;
        // A fallback replays everything sent so far (the queue is part of it); the first upstream gets the queue.
        const pending = this.index > 0 && this.replay ? this.replay : this.queue;
        this.queue = [];
        for (const event of pending) upstream.send(event);
        this.flow.connected();
      },
      (err: unknown) => {
        this.connecting = false;
        if (this.ending || generation !== this.generation) return;
        this.upstreamFailed(isGatewayError(err) ? err : upstreamUnreachable(target.provider, String(err)));
      },
    );
  }

  /** Before the first transcript event, with audio still replayable: the next target. Else the end. */
  private upstreamFailed(err: GatewayError): void {
    const target = this.current();
    this.deps.logger.warn({ requestId: this.init.id, provider: target.provider, model: target.model, code: err.code }, 'realtime upstream failed');
    this.upstream = undefined;
    if (!this.sawTranscript && this.replay && this.targets && this.index + 1 < this.targets.length) {
      this.index++;
      this.connect();
      return;
    }
    this.failWith(scrubError(err, this.deps.secrets), CLOSE.upstreamFailed);
  }

  private fromUpstream(generation: number, event: JsonObject): void {
    if (generation !== this.generation || this.ending) return;
    const type = typeof event.type === 'string' ? event.type : '';
    if (OWN_EVENTS.has(type)) return;
    if (TRANSCRIPT_EVENT.test(type)) {
      this.sawTranscript = true;
      this.replay = undefined;
      if (type.endsWith('completed')) this.usage.transcripts++;
    }
    this.sendClient(type === 'error' ? (scrubDeep(event, this.deps.secrets) as JsonObject) : event);
  }

  private upstreamClosed(generation: number, info: { code: number; reason: string; error?: Error }): void {
    if (generation !== this.generation || this.ending) return;
    const target = this.current();
    const err = isGatewayError(info.error) ? info.error : upstreamUnreachable(target.provider, `the realtime socket closed with ${info.code}`);
    this.upstreamFailed(err);
  }

  private sendClient(event: JsonObject): void {
    if (this.client.readyState !== this.client.OPEN) return;
    this.usage.framesOut++;
    this.deps.frames('out');
    this.client.send(JSON.stringify(event));
    this.flow.checkClient();
  }

  private problem(problem: FrameProblem): void {
    this.sendClient(errorEvent(problem.error, this.init.id, problem.eventId, this.targets?.[this.index]));
  }

  /** An error event, then the close. */
  private failWith(err: GatewayError, code: number, reason = err.code): void {
    if (this.ending) return;
    this.problem(new FrameProblem(err));
    this.close(code, reason, err);
  }

  private close(code: number, reason: string, error?: GatewayError): void {
    if (this.ending) return;
    this.ending = { code, reason, error };
    this.stop();
    if (code === CLOSE.goingAway) this.problem(new FrameProblem(badFrame('gateway_shutdown', 'The gateway is shutting down; reconnect to go on.', undefined, 503, 'unavailable_error')));
    this.client.close(code, reason.slice(0, 120));
    // A client that never answers the close frame is cut off.
    setTimeout(() => this.client.terminate(), 2000).unref();
  }

  private stop(): void {
    clearTimeout(this.idleTimer);
    clearTimeout(this.maxTimer);
    this.flow.stop();
    this.generation++;
    this.upstream?.close();
    this.upstream = undefined;
    this.abort.abort();
  }

  private clientClosed(code: number, reason: string): void {
    const mine = this.ending;
    if (!mine) this.ending = { code, reason };
    this.stop();
    const served = this.targets && (this.index > 0 || this.sawTranscript || this.usage.audioBytes > 0) ? this.current() : undefined;
    this.deps.ended({
      usage: this.usage.finish({
        provider: served?.provider,
        model: served?.model,
        fallbackIndex: served && this.index > 0 ? this.index : undefined,
        closeCode: mine?.code ?? code,
        closeReason: mine?.reason ?? reason,
        durationMs: performance.now() - this.started,
      }),
      error: mine?.error,
      clientClosed: !mine,
    });
  }
}
