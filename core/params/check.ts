// An adapter's declared params checked at start-up, so a typo is a config
// problem naming the adapter, not a param that silently never arrives.
import type { ProviderAdapter } from '../provider.js';
import type { RequestType } from '../types.js';
import { speechBodySchema } from '../schemas/speech.js';
import { transcriptionFieldsSchema } from '../schemas/transcription.js';
import { createAjv } from '../validation.js';
import { SHARED_SPEECH_PARAMS, SHARED_TRANSCRIPTION_PARAMS } from './declared.js';

const SHARED: Readonly<Record<RequestType, readonly string[]>> = { speech: SHARED_SPEECH_PARAMS, transcription: SHARED_TRANSCRIPTION_PARAMS };
const FIELDS: Readonly<Record<RequestType, Readonly<Record<string, unknown>>>> = { speech: speechBodySchema.properties, transcription: transcriptionFieldsSchema.properties };
const ajv = createAjv();

/** What is wrong with an adapter's `capabilities.<type>.accepts`, as sentences (empty when nothing). */
export function declarationProblems(adapter: ProviderAdapter): string[] {
  const problems: string[] = [];
  for (const type of ['transcription', 'speech'] as const) {
    const accepts = adapter.capabilities[type]?.accepts;
    if (!accepts) continue;
    const at = `capabilities.${type}.accepts`;
    for (const name of accepts.shared ?? []) {
      if (!SHARED[type].includes(name)) problems.push(`${at}.shared lists "${name}", which is not a shared ${type} field it may leave unused (${SHARED[type].join(', ')})`);
    }
    for (const [name, spec] of Object.entries(accepts.own ?? {})) {
      if (name in FIELDS[type]) problems.push(`${at}.own declares "${name}", a shared ${type} field: list it in ${at}.shared instead`);
      else if (typeof spec?.schema !== 'object' || spec.schema === null) problems.push(`${at}.own.${name} has no schema (write { schema: { type: … } })`);
      else {
        try {
          ajv.compile(spec.schema);
        } catch (err) {
          problems.push(`${at}.own.${name}.schema is not a valid JSON Schema: ${(err as Error).message}`);
        }
      }
    }
  }
  return problems;
}
