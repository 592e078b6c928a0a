// A request type's whole body schema: the shared fields plus every loaded
// adapter's own params. The request builder validates with it and the
// OpenAPI document publishes it, so the two cannot drift. Compiled validators
// are kept per schema: gateways built alike (tests, workers) compile once.
import type { ValidateFunction } from 'ajv/dist/2020.js';
import type { JsonSchema } from '../json-schema.js';
import type { RequestType } from '../types.js';
import { speechBodySchema } from '../schemas/speech.js';
import { transcriptionFieldsSchema } from '../schemas/transcription.js';
import { createAjv } from '../validation.js';
import type { ParamCatalog } from './catalog.js';

const SHARED = { speech: speechBodySchema, transcription: transcriptionFieldsSchema } as const;

/** The body schema of a request type, declared params included. */
export function requestSchema(type: RequestType, catalog: ParamCatalog): JsonSchema & { properties: Record<string, JsonSchema>; required: readonly string[] } {
  const shared = SHARED[type];
  return { ...shared, properties: { ...shared.properties, ...catalog.properties(type, shared.properties) } };
}

// Speech bodies are JSON and must already have the right types; multipart fields arrive as text and are coerced.
const ajvs = { speech: createAjv(), transcription: createAjv({ coerceTypes: true }) };
/** By the schema's text, so gateways with the same adapters share one compiled validator. */
const compiled = new Map<string, ValidateFunction>();
/** By catalog, so a request costs a lookup, not a schema's text. */
const chosen = new WeakMap<ParamCatalog, Map<string, ValidateFunction>>();

/** The validator for a request type (model optional for routes that address models their own way). */
export function requestValidator(type: RequestType, catalog: ParamCatalog, modelOptional: boolean): ValidateFunction {
  let mine = chosen.get(catalog);
  if (!mine) chosen.set(catalog, (mine = new Map()));
  const which = `${type}:${modelOptional}`;
  const known = mine.get(which);
  if (known) return known;
  const full = requestSchema(type, catalog);
  const schema = modelOptional ? { ...full, required: full.required.filter((r) => r !== 'model') } : full;
  const key = `${type}:${JSON.stringify(schema)}`;
  let validate = compiled.get(key);
  if (!validate) compiled.set(key, (validate = ajvs[type].compile(schema)));
  mine.set(which, validate);
  return validate;
}
