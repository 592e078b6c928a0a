// The OpenAPI 3.1 document of every route, built at start-up from the route
// table and the same JSON Schemas the gateway validates requests with, so the
// document cannot drift from what is enforced. Served at GET /openapi.json.
import type { JsonSchema } from '../json-schema.js';
import type { ActionRoute, FrozenRoutes, GatewayRoute, RouteDoc } from '../http/route-table.js';
import { errorBodySchema, transcriptSchema } from '../schemas/answers.js';
import type { OpenApiFragment } from '../plugin.js';
import { speechBodySchema } from '../schemas/speech.js';
import { ParamCatalog } from '../params/catalog.js';
import { requestSchema } from '../params/request-schema.js';
import { MODELS_PATHS } from '../http/models.js';
import { BF_HEADERS, GATEWAY_ERROR_FIELD, VIRTUAL_KEY_PREFIX } from '../bifrost-names.js';
import { VOICES_PATH } from '../http/voices.js';

type Operation = Record<string, unknown>;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const text = (description: string) => ({ schema: { type: 'string', description } });
const ERRORS = {
  '4XX': { description: 'The request was refused: the error body says why and what to fix.', content: { 'application/json': { schema: ref('Error') } } },
  '5XX': { description: `The gateway or the provider failed (${GATEWAY_ERROR_FIELD} tells which).`, content: { 'application/json': { schema: ref('Error') } } },
};
const ADMIN_TAG = 'admin';
const REQUEST_ID_HEADER = { name: 'x-request-id', in: 'header', description: 'Your id for the request (echoed, and sent upstream); one is made when absent.', schema: { type: 'string' } };

/** Express :param paths as OpenAPI {param} paths, with their parameters. */
function pathOf(expressPath: string): { path: string; params: Operation[] } {
  const params: Operation[] = [];
  const path = expressPath.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (_m, name: string) => {
    params.push({ name, in: 'path', required: true, schema: { type: 'string' } });
    return `{${name}}`;
  });
  return { path, params };
}

/** The fields as components; each route says which it requires (deployment-addressed routes need no model). */
const withoutRequired = (schema: { required: readonly string[] }): JsonSchema => {
  const { required: _required, ...rest } = schema;
  return rest;
};

function requestBody(route: GatewayRoute): Operation {
  if (route.requestType === 'transcription') {
    const required = route.defaultModel ? ['file'] : ['model', 'file'];
    const schema = { allOf: [ref('TranscriptionFields')], required, properties: { file: { type: 'string', format: 'binary', description: 'The audio.' } } };
    return { required: true, content: { 'multipart/form-data': { schema } } };
  }
  const required = route.defaultModel ? speechBodySchema.required.filter((r) => r !== 'model') : speechBodySchema.required;
  return { required: true, content: { 'application/json': { schema: { allOf: [ref('SpeechRequest')], required } } } };
}

/** Unique and URL-safe, from the method and path: post_v1_audio_transcriptions. */
const operationIdOf = (method: string, path: string): string => [method, ...path.split(/[^A-Za-z0-9]+/).filter(Boolean)].join('_');

function answers(route: GatewayRoute): Operation {
  if (route.mode === 'async') return { '202': { description: 'The job, pending; poll the Location.', content: { 'application/json': { schema: ref('Job') } } } };
  if (route.requestType === 'transcription') {
    return {
      '200': {
        description: 'The transcript: JSON for json and verbose_json, the text itself for text, srt and vtt, events with stream=true.',
        content: { 'application/json': { schema: ref('Transcript') }, 'text/plain': text('text, srt or vtt'), 'text/event-stream': text('transcript.text.delta and transcript.text.done events, then [DONE]') },
      },
    };
  }
  return {
    '200': {
      description: 'The audio, streamed with its format’s content type; JSON when a provider param asks for timings; events with stream_format sse.',
      content: {
        'audio/*': { schema: { type: 'string', format: 'binary' } },
        'application/json': { schema: { type: 'object', description: 'audio_base64 and the character alignment' } },
        'text/event-stream': text('speech.audio.delta and speech.audio.done events, then [DONE]'),
      },
    },
  };
}

function operation(doc: RouteDoc | undefined, fallbackSummary: string, parts: { id: string; params: Operation[]; body?: Operation; responses: Operation; headers?: Operation[] }): Operation {
  const extraHeaders = (doc?.headers ?? []).map((h) => ({ name: h.name, in: 'header', description: h.description, schema: h.schema }));
  const op: Operation = {
    operationId: parts.id,
    summary: doc?.summary ?? fallbackSummary,
    parameters: [...parts.params, ...(parts.headers ?? []), ...extraHeaders],
    responses: { ...parts.responses, ...(doc?.responses ?? {}), ...ERRORS },
  };
  if (doc?.description) op.description = doc.description;
  if (parts.body) op.requestBody = parts.body;
  return op;
}

// Any route answers 400 invalid_url for a malformed URL.
const BAD_URL = { '4XX': { description: 'A malformed request URL.', content: { 'application/json': { schema: ref('Error') } } } };

const PROBES: Record<string, Record<string, Operation>> = {
  '/health': { get: { operationId: 'get_health', summary: 'The process answers', security: [], responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties: { status: { const: 'ok' } } } } } }, ...BAD_URL } } },
  '/ready': { get: { operationId: 'get_ready', summary: 'It can serve: the store answers and providers are loaded', security: [], responses: { '200': { description: 'ready' }, ...BAD_URL, '503': { description: 'not ready', content: { 'application/json': { schema: ref('Error') } } } } } },
  '/metrics': { get: { operationId: 'get_metrics', summary: 'Prometheus metrics', security: [], responses: { '200': { description: 'Prometheus text format', content: { 'text/plain': text('exposition format 0.0.4') } }, ...BAD_URL } } },
  '/openapi.json': { get: { operationId: 'get_openapi', summary: 'This document', security: [], responses: { '200': { description: 'OpenAPI 3.1', content: { 'application/json': { schema: { type: 'object' } } } }, ...BAD_URL } } },
};

const MODEL_LIST = {
  type: 'object',
  required: ['object', 'data'],
  properties: {
    object: { const: 'list' },
    data: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'object', 'owned_by'],
        properties: { id: { type: 'string', description: 'provider/model' }, object: { const: 'model' }, created: { type: 'integer' }, owned_by: { type: 'string', description: 'the provider instance' } },
      },
    },
  },
};

const VOICE_LIST: JsonSchema = {
  type: 'object',
  required: ['data'],
  properties: {
    data: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'name', 'provider'],
        properties: {
          id: { type: 'string', description: 'what to send as voice' },
          name: { type: 'string' },
          provider: { type: 'string', description: 'the provider instance' },
          languages: { type: 'array', items: { type: 'string' } },
          gender: { type: 'string' },
          preview_url: { type: 'string' },
        },
      },
    },
  },
};

const voicesOperation: Operation = {
  operationId: 'get_v1_audio_voices',
  summary: 'The voices of the speech providers: static lists, or the vendor’s own (cached)',
  parameters: [{ name: 'provider', in: 'query', required: false, description: 'one provider instance', schema: { type: 'string' } }],
  responses: { '200': { description: 'The voices', content: { 'application/json': { schema: ref('VoiceList') } } }, ...ERRORS },
};

const modelsOperation = (path: string): Operation => ({
  operationId: operationIdOf('get', path),
  summary: 'Every provider/model the gateway serves (OpenAI’s list shape)',
  responses: { '200': { description: 'The models', content: { 'application/json': { schema: ref('ModelList') } } }, ...ERRORS },
});

/** What extensions add: the adapters' security schemes (their SDKs' key headers), the plugins' fragments. */
export interface DocumentExtras {
  securitySchemes?: Readonly<Record<string, JsonSchema>>;
  plugins?: readonly OpenApiFragment[];
  /** The adapters' own params, published beside the shared fields. */
  params?: ParamCatalog;
}

export function buildOpenApi(routes: FrozenRoutes, version: string, withMetrics: boolean, extras: DocumentExtras = {}): Record<string, unknown> {
  const extraSchemes = extras.securitySchemes ?? {};
  const fragments = extras.plugins ?? [];
  const params = extras.params ?? new ParamCatalog();
  const commonHeaders = [REQUEST_ID_HEADER, ...fragments.flatMap((f) => f.headers ?? []).map((h) => ({ ...h, in: 'header' }))];
  const paths: Record<string, Record<string, Operation>> = {};
  const add = (expressPath: string, method: string, build: (id: string, params: Operation[]) => Operation) => {
    const { path, params } = pathOf(expressPath);
    (paths[path] ??= {})[method] = build(operationIdOf(method, path), params);
  };
  for (const route of routes.gateway) {
    for (const p of route.paths) add(p, 'post', (id, params) => operation(route.doc, route.name, { id, params, body: requestBody(route), responses: answers(route), headers: commonHeaders }));
  }
  for (const route of routes.actions as readonly ActionRoute[]) {
    const query = (route.doc?.query ?? []).map((q) => ({ name: q.name, in: 'query', description: q.description, schema: q.schema }));
    const body = route.doc?.requestBody ? { required: route.method === 'PATCH', content: { 'application/json': { schema: route.doc.requestBody } } } : undefined;
    for (const p of route.paths) {
      add(p, route.method.toLowerCase(), (id, params) => {
        const op = operation(route.doc, route.name, { id, params: [...params, ...query], body, responses: {} });
        // The operator's routes: their own tag, and only the admin credential opens them.
        return route.admin ? { ...op, tags: [ADMIN_TAG], security: [{ adminBearer: [] }] } : op;
      });
    }
  }
  for (const path of MODELS_PATHS) paths[path] = { get: modelsOperation(path) };
  paths[VOICES_PATH] = { get: voicesOperation };
  for (const [path, item] of Object.entries(PROBES)) if (withMetrics || path !== '/metrics') paths[path] = item;

  const schemas: Record<string, JsonSchema> = {
    Transcript: transcriptSchema,
    ...Object.assign({}, ...fragments.map((f) => f.schemas ?? {})),
    Error: errorBodySchema,
    SpeechRequest: withoutRequired(requestSchema('speech', params)),
    TranscriptionFields: withoutRequired(requestSchema('transcription', params)),
    ModelList: MODEL_LIST,
    VoiceList: VOICE_LIST,
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Voxgate',
      version,
      description: 'A self-hosted, OpenAI-compatible gateway for speech AI: transcription and speech across providers, sync and async.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    // Relative: the gateway that serves this document, wherever it listens.
    servers: [{ url: '/', description: 'This gateway' }],
    ...(routes.actions.some((r) => r.admin) ? { tags: [{ name: ADMIN_TAG, description: 'The operator\'s API (/admin/*): an admin credential only; a virtual key gets 403.' }] } : {}),
    security: [{ bearer: [] }, { virtualKey: [] }, ...Object.keys(extraSchemes).map((name) => ({ [name]: [] }))],
    paths,
    components: {
      schemas,
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: `A virtual key (${VIRTUAL_KEY_PREFIX}…) or a JWT.` },
        virtualKey: { type: 'apiKey', in: 'header', name: BF_HEADERS.virtualKey },
        adminBearer: { type: 'http', scheme: 'bearer', description: `An admin credential: a key from auth.admin_keys (${VIRTUAL_KEY_PREFIX}…) or a JWT with the admin role (voxgate token --admin --sub NAME).` },
        ...extraSchemes,
      },
    },
  };
}
