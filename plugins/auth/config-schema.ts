// The `auth:` section of the gateway config, which this plugin owns: its
// schema (assembled into the gateway's at load, so its mistakes are reported
// with key paths like every other config problem) and its typed reader.
// A virtual key's `rate_limit` is the rate-limit plugin's definition
// (`#/$defs/rate_limit`): auth carries those limits without reading them.
import { VIRTUAL_KEY_PREFIX,configSection, type JsonSchema } from '../../core/kit.js';
import type { AuthBlock } from './auth-config.js';

// Here, not in auth-config.ts (which imports this module): written once, and initialised before the schema uses it.
export const JWT_ALGORITHMS = ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'] as const;

/** One held key (a virtual key, an admin key): its name, and the key itself or its sha256. */
const keyEntry = (key: JsonSchema, more: Readonly<Record<string, JsonSchema>> = {}): JsonSchema => ({
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: { name: { type: 'string', pattern: '^[a-zA-Z0-9][a-zA-Z0-9._-]*$' }, key, key_sha256: { type: 'string', pattern: '^[0-9a-fA-F]{64}$' }, ...more },
  oneOf: [{ required: ['key'] }, { required: ['key_sha256'] }],
});

const AUTH_SCHEMA: JsonSchema = {
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "required": {
      "type": "boolean",
      "default": true,
      "description": "Refuse requests without a credential; false: they run as anonymous (a private network)."
    },
    "admin_role_claim": {
      "type": "string",
      "default": "role",
      "description": "The JWT claim that makes a token an admin's when it equals (or lists) admin_role_value."
    },
    "admin_role_value": {
      "type": "string",
      "default": "admin"
    },
    "virtual_key_claim": {
      "type": "string",
      "default": "vk",
      "description": "The JWT claim naming the virtual key a token acts as."
    },
    "jwt": {
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "secret": {
          "type": "string",
          "minLength": 1,
          "description": "HMAC secret for HS256/HS384/HS512 tokens; 32+ random bytes."
        },
        "public_key": {
          "type": "string",
          "minLength": 1,
          "description": "PEM public key for RS*, PS* or ES* tokens."
        },
        "algorithms": {
          "type": "array",
          "description": "The accepted algorithms, each with its key: HS* the secret, RS*/PS*/ES* the public_key. Default [HS256] with a secret alone; required with public_key.",
          "minItems": 1,
          "uniqueItems": true,
          "items": { "enum": [...JWT_ALGORITHMS] }
        },
        "issuer": {
          "type": "string"
        },
        "audience": {
          "type": "string"
        },
        "clock_tolerance_s": {
          "type": "number",
          "minimum": 0,
          "default": 5,
          "description": "Leeway in seconds for exp and nbf."
        }
      }
    },
    "virtual_keys": {
      "type": "array",
      "default": [],
      "items": keyEntry(
        { "type": "string", "minLength": 1, "description": `The key itself: ${VIRTUAL_KEY_PREFIX} followed by 16 or more letters, digits, - or _ (voxgate keys create).` },
        {
          "allowed_models": { "type": "array", "items": { "type": "string", "minLength": 1 }, "description": "Glob patterns over provider/model (openai/*); unset: every model, []: none." },
          "rate_limit": { "$ref": "#/$defs/rate_limit" },
          "team": { "type": "string", "pattern": "^[a-zA-Z0-9][a-zA-Z0-9._-]*$", "description": "The team the key spends for: a team budget (usage plugin) counts every key naming it." },
          "budget": { "$ref": "#/$defs/budget" }
        }
      )
    },
    "admin_keys": {
      "type": "array",
      "default": [],
      "description": `Keys for the admin API (/admin/*) and the dashboard (/ui), held like virtual keys: the key (${VIRTUAL_KEY_PREFIX}…, voxgate keys create) or its key_sha256. An admin JWT (admin_role_claim: admin_role_value) works too.`,
      "items": keyEntry({ "type": "string", "description": `The key itself: ${VIRTUAL_KEY_PREFIX} followed by 16 or more letters, digits, - or _ (voxgate keys create). Empty: this entry is off (an unset \${VOXGATE_ADMIN_KEY:-}).` })
    }
  }
};

export const AUTH_SECTION = configSection<AuthBlock>('auth', AUTH_SCHEMA);
