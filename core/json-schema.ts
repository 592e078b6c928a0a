// JSON Schemas are plain data: ajv validates with them, the OpenAPI document
// is built from them. One alias so no module passes `any` around for them.
import type { SchemaObject } from 'ajv';

export type JsonSchema = SchemaObject;
