// ajv set up once, and its errors turned into sentences a user can act on.
// Used for the config file and for request bodies alike. Messages never echo
// the offending value: it may be a secret.
import { Ajv2020, type ErrorObject, type Options, type ValidateFunction } from 'ajv/dist/2020.js';

export interface Problem {
  /** Path segments to the offending value: ["providers", "openai", "keys", 0, "value"]. */
  segments: Array<string | number>;
  message: string;
}

export function createAjv(options: Options = {}): Ajv2020 {
  // verbose: errors carry their schema, so messages can list known keys and branches.
  return new Ajv2020({ allErrors: true, strict: false, useDefaults: true, verbose: true, ...options });
}

const segmentsOf = (instancePath: string): Array<string | number> =>
  instancePath === ''
    ? []
    : instancePath
        .slice(1)
        .split('/')
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
        .map((s) => (/^\d+$/.test(s) ? Number(s) : s));

const list = (items: readonly unknown[]): string => items.map((i) => JSON.stringify(i)).join(', ');

const TYPE_WORDS: Readonly<Record<string, string>> = {
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  string: 'text',
  array: 'a list',
  object: 'an object',
  null: 'null',
};
const typeWords = (type: unknown): string =>
  String(type)
    .split(',')
    .map((t) => TYPE_WORDS[t] ?? t)
    .join(' or ');

function describe(err: ErrorObject): Problem | undefined {
  const at = segmentsOf(err.instancePath);
  const p = err.params as Record<string, unknown>;
  switch (err.keyword) {
    case 'required':
      return { segments: [...at, String(p.missingProperty)], message: 'is required' };
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const key = String(p.additionalProperty ?? p.unevaluatedProperty);
      const parent = err.parentSchema as { properties?: Record<string, unknown> } | undefined;
      const known = parent?.properties ? Object.keys(parent.properties) : [];
      return { segments: [...at, key], message: `is not a known key${known.length ? ` (known: ${known.join(', ')})` : ''}` };
    }
    case 'type':
      return { segments: at, message: `must be ${typeWords(p.type)}` };
    case 'enum':
      return { segments: at, message: `must be one of ${list(p.allowedValues as unknown[])}` };
    case 'const':
      return { segments: at, message: `must be ${JSON.stringify(p.allowedValue)}` };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { segments: at, message: `must be ${String(p.comparison)} ${String(p.limit)}` };
    case 'minLength':
      return { segments: at, message: Number(p.limit) === 1 ? 'must not be empty' : `must be at least ${String(p.limit)} characters` };
    case 'maxLength':
      return { segments: at, message: `must be at most ${String(p.limit)} characters` };
    case 'minItems':
      return { segments: at, message: `must have at least ${String(p.limit)} item(s)` };
    case 'maxItems':
      return { segments: at, message: `must have at most ${String(p.limit)} item(s)` };
    case 'uniqueItems':
      return { segments: at, message: 'must not repeat items' };
    case 'pattern': {
      const schema = err.parentSchema as { description?: string } | undefined;
      return { segments: at, message: schema?.description ? `is not valid: ${schema.description}` : `must match ${String(p.pattern)}` };
    }
    case 'oneOf':
    case 'anyOf': {
      const branches = (err.schema as Array<{ required?: string[] }> | undefined) ?? [];
      const names = branches.flatMap((b) => b.required ?? []);
      if (names.length === branches.length && names.length > 0) {
        const which = err.keyword === 'oneOf' ? 'exactly one' : 'at least one';
        return { segments: at, message: `must set ${which} of ${names.join(', ')}` };
      }
      const parent = err.parentSchema as { description?: string } | undefined;
      return { segments: at, message: parent?.description ? `must be ${parent.description}` : 'does not match any allowed form' };
    }
    case 'if':
      return undefined;
    case 'false schema':
      return { segments: at, message: 'is not used here' };
    default:
      return { segments: at, message: err.message ?? 'is invalid' };
  }
}

/** Runs `validate` and returns its problems, most useful first, without duplicates. */
export function problemsOf(validate: ValidateFunction, data: unknown): Problem[] {
  if (validate(data)) return [];
  const errors = validate.errors ?? [];
  // A failed oneOf/anyOf also reports each branch's own failure: keep only the summary.
  const summaries = errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf').map((e) => e.schemaPath);
  const kept = errors.filter((e) => !summaries.some((s) => e.schemaPath.startsWith(`${s}/`)));
  const seen = new Set<string>();
  const out: Problem[] = [];
  for (const err of kept) {
    const problem = describe(err);
    if (!problem) continue;
    const id = `${problem.segments.join('/')}|${problem.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(problem);
  }
  return out;
}
