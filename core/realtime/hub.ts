// GET /v1/realtime (and /openai/v1/realtime): the WebSocket upgrade on the
// gateway's HTTP server. Everything is decided on the upgrade request, before
// a socket opens and before any upstream connection: the credential (the
// Authorization header, x-bf-vk, or the openai-insecure-api-key.<key>
// subprotocol browsers send) through the plugins' onRequest hooks, the model
// in the URL, the per-key session cap. Refusals are HTTP answers in the
// error shape. Sessions end with 1001 at shutdown, after the drain deadline.
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { HeadHooks } from '../chain.js';
import type { RealtimeConfig } from '../config/types.js';
import { createContext, createHead, type Credential, type RequestHead, type RouteInfo } from '../context.js';
import { GatewayError, badRequest, internalError, isGatewayError, notFound, serviceUnavailable } from '../errors.js';
import { exchangeRecord, type Lifecycle } from '../lifecycle.js';
import type { Logger } from '../logger.js';
import type { ProviderRegistry } from '../registry.js';
import { credentialsOf, flatHeaders, requestIdFor } from '../http/request-meta.js';
import { fallbackList, FrameProblem } from './client-events.js';
import type { SessionEnd } from './close-codes.js';
import { RealtimeSession } from './session.js';
import type { RealtimeUsageRecord } from './usage.js';
import { DEFAULT_SAMPLE_RATE, resolveTargets, targetNames } from './targets.js';
import { refuseUpgrade } from './upgrade-refusal.js';
import { USAGE_METER } from '../usage-meter.js';
import { audioGatesOf } from './audio-gate.js';
import { COST, type CostRecord } from '../extra-fields.js';

export const REALTIME_PATHS: readonly string[] = ['/v1/realtime', '/openai/v1/realtime'];
const ROUTE: RouteInfo = Object.freeze({ name: 'realtime', requestType: 'transcription', mode: 'sync' });
const KEY_PROTOCOL = 'openai-insecure-api-key.';
const MAX_CLIENT_FRAME = 16 * 1024 * 1024;

export interface RealtimeDeps {
  config: RealtimeConfig;
  shutdownMs: number;
  providers: ProviderRegistry;
  headHooks: HeadHooks;
  /** The plugins' onSession hooks (a session as one request against rate limits). */
  sessionHooks: HeadHooks;
  lifecycle: Lifecycle;
  logger: Logger;
  metrics: Registry;
  /** The client's address through the proxies server.trust_proxy trusts. */
  clientAddress: (req: http.IncomingMessage) => string;
}

/** The subprotocols offered: the key one (a credential, never echoed) and the rest, of which the answer names one. */
function protocolsOf(header: string | undefined): { key?: string; others: string[] } {
  const offered = (header ?? '').split(',').map((p) => p.trim()).filter((p) => p !== '');
  const key = offered.find((p) => p.startsWith(KEY_PROTOCOL))?.slice(KEY_PROTOCOL.length);
  return { key, others: offered.filter((p) => !p.startsWith(KEY_PROTOCOL)) };
}

export class RealtimeHub {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_FRAME, perMessageDeflate: false, handleProtocols: (offered) => this.pick([...offered]) });
  private readonly sessions = new Set<RealtimeSession>();
  private readonly perKey = new Map<string, number>();
  private readonly open: Gauge;
  private readonly frames: Counter<'direction'>;
  private readonly audio: Counter<'provider'>;
  private readonly secrets: string[];

  constructor(private readonly deps: RealtimeDeps) {
    const registers = [deps.metrics];
    this.open = new Gauge({ name: 'voxgate_realtime_sessions', help: 'Realtime sessions open now.', registers });
    this.frames = new Counter({ name: 'voxgate_realtime_frames_total', help: 'Realtime frames, from the client (in) and to it (out).', labelNames: ['direction'], registers });
    this.audio = new Counter({ name: 'voxgate_realtime_audio_seconds_total', help: 'Audio seconds appended in realtime sessions, by the provider that took them.', labelNames: ['provider'], registers });
    this.secrets = deps.providers.entries().flatMap((e) => e.instance.keys.map((k) => k.value));
    // Sessions get until the drain deadline to finish; then they are told the gateway is going away.
    deps.lifecycle.onDrain(() => void setTimeout(() => this.closeAll(), Math.max(0, deps.shutdownMs - 100)).unref());
    deps.lifecycle.onClose(() => this.closeAll(true));
  }

  attach(server: http.Server): void {
    server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
      socket.on('error', () => undefined);
      this.upgrade(req, socket, head).catch((err: unknown) => {
        this.deps.logger.error({ err }, 'realtime upgrade failed unexpectedly');
        refuseUpgrade(socket, internalError(err), requestIdFor(req.headers));
      });
    });
  }

  private pick(offered: string[]): string | false {
    const others = offered.filter((p) => !p.startsWith(KEY_PROTOCOL));
    return others.includes('realtime') ? 'realtime' : (others[0] ?? false);
  }

  private async upgrade(req: http.IncomingMessage, socket: Duplex, upgradeHead: Buffer): Promise<void> {
    const startedAt = performance.now();
    const id = requestIdFor(req.headers);
    const url = new URL(req.url ?? '/', 'http://gateway.invalid');
    const { key, others } = protocolsOf(req.headers['sec-websocket-protocol']);
    const headers = flatHeaders(req.headers);
    // The subprotocol header carries the browser's key: it goes no further than here.
    headers['sec-websocket-protocol'] = others.join(', ') || undefined;
    const credentials: Credential[] = credentialsOf(req.headers);
    if (key !== undefined && !credentials.some((c) => c.source === 'authorization')) credentials.push({ source: 'authorization', value: key });
    let head: RequestHead | undefined;
    try {
      if (!REALTIME_PATHS.includes(url.pathname)) throw notFound('route_not_found', `There is no WebSocket route ${url.pathname}; realtime sessions open on GET /v1/realtime.`);
      if (this.deps.lifecycle.draining) throw serviceUnavailable('shutting_down', 'The gateway is shutting down; open the session on another instance.', 1);
      const intent = url.searchParams.get('intent');
      if (intent !== null && intent !== 'transcription') throw badRequest('unsupported_intent', `intent "${intent.slice(0, 32)}" is not served: the realtime route serves transcription sessions (intent=transcription).`, 'intent');
      const model = url.searchParams.get('model')?.trim() || undefined;
      const fallbacks = fallbackList(url.searchParams.get('fallbacks') ?? undefined);
      if (fallbacks instanceof FrameProblem) throw fallbacks.error;
      const targets = model === undefined ? undefined : resolveTargets(model, fallbacks, this.deps.providers);
      head = createHead({ id, route: ROUTE, headers, credentials, clientAddress: this.deps.clientAddress(req), startedAt, ...(targets ? { models: targetNames(targets) } : {}) });
      await this.deps.headHooks(head);
      const who = head.principal?.id ?? `anon:${head.clientAddress}`;
      const cap = this.deps.config.max_sessions_per_key;
      const held = this.perKey.get(who) ?? 0;
      if (cap !== undefined && held >= cap) {
        throw new GatewayError({ status: 429, type: 'rate_limit_error', code: 'too_many_sessions', message: `${head.principal?.name ?? 'This client'} already holds ${held} realtime sessions, realtime.max_sessions_per_key; close one first.` });
      }
      await this.deps.sessionHooks(head);
      this.perKey.set(who, held + 1);
      const opened = head;
      let started = false;
      // A handshake ws refuses itself (no Sec-WebSocket-Key, a bad version) never starts a session: its place is given back.
      socket.once('close', () => {
        if (!started) this.release(who);
      });
      this.wss.handleUpgrade(req, socket, upgradeHead, (client) => {
        started = true;
        this.start(client, opened, who, targets, req);
      });
    } catch (thrown) {
      const err = isGatewayError(thrown) ? thrown : internalError(thrown);
      if (!isGatewayError(thrown)) this.deps.logger.error({ requestId: id, err: thrown }, 'realtime upgrade failed unexpectedly');
      refuseUpgrade(socket, err, id, head?.responseHeaders);
      const record = exchangeRecord({ requestId: id, route: ROUTE.name, method: req.method ?? 'GET', path: url.pathname, status: err.status, startedAt, bytesIn: 0, bytesOut: 0, aborted: false, error: err });
      this.deps.lifecycle.responded(record);
    }
  }

  private start(client: WebSocket, head: RequestHead, who: string, targets: ReturnType<typeof resolveTargets> | undefined, req: http.IncomingMessage): void {
    const { config, providers, logger } = this.deps;
    const socketRead = req.socket.bytesRead;
    const socketWritten = req.socket.bytesWritten;
    const session = new RealtimeSession(
      client,
      { id: head.id, targets, settings: { sampleRate: DEFAULT_SAMPLE_RATE, audioInput: {} } },
      {
        providers,
        logger,
        secrets: this.secrets,
        maxBufferBytes: config.max_buffer_kb * 1024,
        idleMs: config.idle_timeout_s * 1000,
        maxSessionMs: config.max_session_s * 1000,
        authorize: (models) => this.deps.headHooks(createHead({ id: head.id, route: ROUTE, headers: head.headers, credentials: head.credentials, clientAddress: head.clientAddress, startedAt: head.startedAt, models })),
        frames: (direction) => this.frames.inc({ direction }),
        meter: USAGE_METER.get(head),
        gates: audioGatesOf(head),
        ended: (end) => {
          this.sessions.delete(session);
          this.open.dec();
          this.release(who);
          for (const gate of audioGatesOf(head)) void gate.end(end.usage.audio_seconds);
          void this.settle(head, end.usage).then((cost) => this.report(head, end, req, socketRead, socketWritten, cost));
        },
      },
    );
    this.sessions.add(session);
    this.open.inc();
  }

  private release(who: string): void {
    const left = (this.perKey.get(who) ?? 1) - 1;
    if (left > 0) this.perKey.set(who, left);
    else this.perKey.delete(who);
  }

  /** The metered audio priced at what served it, replacing what the session held; nothing served: what it held is given back. */
  private async settle(head: RequestHead, usage: RealtimeUsageRecord): Promise<CostRecord | undefined> {
    const meter = USAGE_METER.get(head);
    if (!meter) return undefined;
    try {
      if (usage.provider === undefined || usage.model === undefined || usage.audio_seconds === 0) {
        await meter.release();
        return undefined;
      }
      return await meter.settle({ audio_seconds: usage.audio_seconds }, { provider: usage.provider, model: usage.model });
    } catch (err) {
      this.deps.logger.error({ requestId: head.id, err }, 'the realtime session could not be priced');
      return undefined;
    }
  }

  /** The session's one log record, through the same hooks as every request's. */
  private report(head: RequestHead, end: SessionEnd, req: http.IncomingMessage, read: number, written: number, cost: CostRecord | undefined): void {
    const { usage } = end;
    if (usage.provider !== undefined && usage.audio_seconds > 0) this.audio.inc({ provider: usage.provider }, usage.audio_seconds);
    const ctx = createContext(head, { request: { type: 'action', action: 'realtime', params: {}, query: {} }, signal: AbortSignal.abort(), bytesIn: usage.audio_bytes });
    if (cost) COST.set(ctx, cost);
    const record = exchangeRecord({
      requestId: head.id,
      route: ROUTE.name,
      method: 'GET',
      path: new URL(req.url ?? '/', 'http://gateway.invalid').pathname,
      status: 101,
      startedAt: head.startedAt,
      bytesIn: req.socket.bytesRead - read,
      bytesOut: req.socket.bytesWritten - written,
      aborted: end.clientClosed && usage.close_code !== 1000,
      error: end.error,
      ctx,
      realtime: usage,
    });
    this.deps.lifecycle.responded(record);
  }

  /** Every open session told the gateway is going away (1001); at the very end, waits for them to be gone. */
  private async closeAll(wait = false): Promise<void> {
    for (const session of this.sessions) session.shutdown();
    if (!wait) return;
    const deadline = Date.now() + 2500;
    while (this.sessions.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    this.wss.close();
  }
}
