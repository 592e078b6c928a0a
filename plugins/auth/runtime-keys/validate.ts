// The admin API's bodies, checked with the config file's own definitions
// (`#/$defs/rate_limit`, `#/$defs/budget` of the assembled schema), so a
// budget with no limit or an unknown period is refused here as in YAML.
import { badRequest, createAjv, keyPath, problemsOf, type JsonSchema } from '../../../core/kit.js';
import { globProblem } from '../model-globs.js';
import { VIRTUAL_KEY_NAME_FORMAT } from '../keys.js';
import type { KeySettings } from './record.js';

/** Fields a PATCH may clear with null (name may not: a key needs one). */
const CLEARABLE = ['team', 'allowed_models', 'rate_limit', 'budget', 'expires_at'] as const;
type Clearable = (typeof CLEARABLE)[number];

// RFC 3339 with a zone: 2026-12-31T23:59:59Z or …+02:00.
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

export interface KeyPatch {
  set: Partial<KeySettings>;
  clear: Clearable[];
}

function fieldsSchema(defs: Readonly<Record<string, JsonSchema>>): Record<string, JsonSchema> {
  const fields: Record<string, JsonSchema> = {
    name: { type: 'string', minLength: 1, maxLength: 128, pattern: VIRTUAL_KEY_NAME_FORMAT.source, description: 'a letter or digit, then letters, digits, ".", "_" or "-"' },
    team: { type: 'string', minLength: 1, maxLength: 128, pattern: VIRTUAL_KEY_NAME_FORMAT.source, description: 'a letter or digit, then letters, digits, ".", "_" or "-"' },
    allowed_models: { type: 'array', maxItems: 256, items: { type: 'string', minLength: 1, maxLength: 256 } },
    expires_at: { type: 'string', maxLength: 64, description: 'an RFC 3339 time with a zone, e.g. 2026-12-31T23:59:59Z' },
  };
  // A definition no plugin brings leaves its field unknown: refused rather than carried unchecked.
  if (defs.rate_limit) fields.rate_limit = { $ref: '#/$defs/rate_limit' };
  if (defs.budget) fields.budget = { $ref: '#/$defs/budget' };
  return fields;
}

/** Top-level `#/$defs/NAME` references replaced by the definitions (which refer to nothing further). */
function inlineDefs(properties: Record<string, JsonSchema>, defs: Readonly<Record<string, JsonSchema>>): Record<string, JsonSchema> {
  const prefix = '#/$defs/';
  return Object.fromEntries(
    Object.entries(properties).map(([name, schema]) => {
      const ref = schema.$ref;
      return [name, typeof ref === 'string' && ref.startsWith(prefix) ? (defs[ref.slice(prefix.length)] ?? schema) : schema];
    }),
  );
}

export class KeyBodies {
  private readonly create: ReturnType<ReturnType<typeof createAjv>['compile']>;
  private readonly patch: ReturnType<ReturnType<typeof createAjv>['compile']>;
  /** The JSON Schemas, for the OpenAPI document (with the definitions they refer to inlined by reference). */
  readonly createSchema: JsonSchema;
  readonly patchSchema: JsonSchema;

  constructor(configSchema: JsonSchema) {
    const defs = (configSchema.$defs ?? {}) as Record<string, JsonSchema>;
    const properties = fieldsSchema(defs);
    const ajv = createAjv({ useDefaults: false });
    this.create = ajv.compile({ type: 'object', additionalProperties: false, required: ['name'], properties, $defs: defs });
    this.patch = ajv.compile({ type: 'object', additionalProperties: false, properties, $defs: defs });
    // The document has no $defs: the definitions are written out in place there.
    const documented = inlineDefs(properties, defs);
    this.createSchema = { type: 'object', additionalProperties: false, required: ['name'], properties: documented };
    this.patchSchema = { type: 'object', additionalProperties: false, description: 'The fields to change; null clears team, allowed_models, rate_limit, budget or expires_at.', properties: documented };
  }

  parseCreate(body: unknown, now = Date.now()): KeySettings {
    if (body === undefined) throw badRequest('missing_body', 'Send the key as a JSON body with Content-Type: application/json, e.g. {"name": "team-a"}.');
    check(this.create, body);
    const settings = body as KeySettings;
    checkSemantics(settings, now);
    return settings;
  }

  parsePatch(body: unknown, now = Date.now()): KeyPatch {
    if (body === undefined) throw badRequest('missing_body', 'Send the fields to change as a JSON body with Content-Type: application/json, e.g. {"team": "research"}.');
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('invalid_request', 'The body must be a JSON object of the fields to change.');
    const set: Record<string, unknown> = {};
    const clear: Clearable[] = [];
    for (const [field, value] of Object.entries(body)) {
      if (value === null && (CLEARABLE as readonly string[]).includes(field)) clear.push(field as Clearable);
      else set[field] = value;
    }
    check(this.patch, set);
    const settings = set as Partial<KeySettings>;
    checkSemantics(settings, now);
    return { set: settings, clear };
  }
}

function check(validate: ReturnType<ReturnType<typeof createAjv>['compile']>, body: unknown): void {
  const problems = problemsOf(validate, body);
  if (problems.length === 0) return;
  const first = problems[0]!;
  const text = problems.map((p) => `${p.segments.length ? keyPath(p.segments) : 'the body'} ${p.message}`).join('; ');
  throw badRequest('invalid_request', `The virtual key is not valid: ${text}.`, first.segments.length ? keyPath(first.segments) : undefined);
}

function checkSemantics(settings: Partial<KeySettings>, now: number): void {
  settings.allowed_models?.forEach((pattern, i) => {
    const why = globProblem(pattern);
    if (why) throw badRequest('invalid_request', `allowed_models[${i}]: ${why}.`, 'allowed_models');
  });
  if (settings.expires_at !== undefined) {
    const at = Date.parse(settings.expires_at);
    if (!RFC3339.test(settings.expires_at) || Number.isNaN(at)) throw badRequest('invalid_request', 'expires_at must be an RFC 3339 time with a zone, e.g. 2026-12-31T23:59:59Z.', 'expires_at');
    if (at <= now) throw badRequest('expires_at_in_past', `expires_at (${new Date(at).toISOString()}) is not in the future; give a later time, or leave it out for a key that does not expire.`, 'expires_at');
  }
}
