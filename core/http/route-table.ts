// The routes that run the gateway chain. Core registers the OpenAI-shaped
// ones; plugins and adapters may add more (async submits, vendor-shaped
// paths) before the server starts listening. Frozen once listening.
import type { JsonSchema } from '../json-schema.js';
import type { ModelRef, RequestType } from '../types.js';

/** How a route is described in the OpenAPI document (GET /openapi.json). */
export interface RouteDoc {
  summary: string;
  description?: string;
  /** Request headers the route reads beyond the usual ones. */
  headers?: ReadonlyArray<{ name: string; description: string; schema: JsonSchema }>;
  /** Query parameters the route reads. */
  query?: ReadonlyArray<{ name: string; description: string; schema: JsonSchema }>;
  /** An action route's JSON body (POST, PATCH), as it validates it. */
  requestBody?: JsonSchema;
  /** Answers by status, when they differ from what the route's kind implies. */
  responses?: Readonly<Record<string, { description: string; content?: Record<string, { schema: JsonSchema }> }>>;
}

export interface GatewayRoute {
  /** Stable name for logs and metrics. */
  name: string;
  /** Express paths, e.g. /v1/audio/transcriptions or /openai/deployments/:deployment/audio/speech. */
  paths: readonly string[];
  requestType: RequestType;
  mode: 'sync' | 'async';
  /** translate: a transcription route whose answer is English text (POST /v1/audio/translations). */
  task?: 'translate';
  /**
   * The model a request on this route means when its `model` is absent or not
   * a configured provider/model (a vendor's deployment-addressed routes). Throws
   * a GatewayError when the path names nothing it can serve.
   */
  defaultModel?: (params: Readonly<Record<string, string>>, given: string | undefined) => ModelRef;
  doc?: RouteDoc;
}

/**
 * A plugin's own route (an async job lookup, an admin call): no provider. The
 * request runs through the chain as an ActionRequest; the plugin that added
 * the route answers it, after the plugins ahead of it (auth, limits). POST and
 * PATCH routes get their JSON body parsed (server.max_json_kb), GET and DELETE none.
 */
export interface ActionRoute {
  name: string;
  method: 'GET' | 'DELETE' | 'POST' | 'PATCH';
  paths: readonly string[];
  /** The kind of thing it concerns, for logs and metrics; absent for routes about no audio (admin). */
  requestType?: RequestType;
  /** An operator's route (/admin/*): only an admin credential may call it (auth answers 401/403). */
  admin?: true;
  doc?: RouteDoc;
}

/** Files a plugin serves as they are (the dashboard's built assets), under a path prefix. */
export interface StaticRoute {
  /** URL prefix, e.g. /ui. */
  path: string;
  /** Absolute directory holding the files. */
  dir: string;
}

export interface FrozenRoutes {
  gateway: readonly GatewayRoute[];
  actions: readonly ActionRoute[];
  statics: readonly StaticRoute[];
}

export class RouteTable {
  private readonly gateway: GatewayRoute[] = [];
  private readonly actions: ActionRoute[] = [];
  private readonly statics: StaticRoute[] = [];
  private frozen = false;

  add(route: GatewayRoute): void {
    this.check(route.name);
    this.gateway.push(route);
  }

  addAction(route: ActionRoute): void {
    this.check(route.name);
    this.actions.push(route);
  }

  addStatic(route: StaticRoute): void {
    this.check(`static ${route.path}`);
    this.statics.push(route);
  }

  freeze(): FrozenRoutes {
    this.frozen = true;
    return Object.freeze({ gateway: Object.freeze([...this.gateway]), actions: Object.freeze([...this.actions]), statics: Object.freeze([...this.statics]) });
  }

  private check(name: string): void {
    if (this.frozen) throw new Error(`route "${name}" added after the server started`);
    if ([...this.gateway, ...this.actions].some((r) => r.name === name) || this.statics.some((s) => `static ${s.path}` === name)) throw new Error(`route "${name}" is added twice`);
  }
}

export const CORE_ROUTES: readonly GatewayRoute[] = [
  {
    name: 'transcription',
    paths: ['/v1/audio/transcriptions', '/openai/v1/audio/transcriptions'],
    requestType: 'transcription',
    mode: 'sync',
    doc: { summary: 'Transcribe audio', description: 'OpenAI-compatible; the model is provider/model. stream=true answers server-sent events.' },
  },
  {
    name: 'translation',
    paths: ['/v1/audio/translations', '/openai/v1/audio/translations'],
    requestType: 'transcription',
    mode: 'sync',
    task: 'translate',
    doc: {
      summary: 'Translate audio into English text',
      description: 'OpenAI-compatible, multipart like transcriptions (model, file, prompt, response_format, temperature); served by the providers that offer translation (see the README’s provider table).',
    },
  },
  {
    name: 'speech',
    paths: ['/v1/audio/speech', '/openai/v1/audio/speech'],
    requestType: 'speech',
    mode: 'sync',
    doc: { summary: 'Synthesize speech', description: 'OpenAI-compatible; audio is streamed back. stream_format "sse" answers server-sent events.' },
  },
];
