// `$defs.provider` in the gateway's schema: the keys every provider block
// has (type, base_url, keys, timeouts, prices, …), beside its adapter's own
// settings, which the adapter validates against its own schema.
import type { JsonSchema } from '../json-schema.js';

/** The keys every provider block has, beside its adapter's own settings. */
export const PROVIDER_SCHEMA: JsonSchema = {
  "type": "object",
  "properties": {
    "type": {
      "type": "string",
      "minLength": 1,
      "description": "Adapter type; defaults to the provider's name."
    },
    "base_url": {
      "type": "string",
      "pattern": "^https?://"
    },
    "keys": {
      "type": "array",
      "items": {
        "type": "object",
        "required": [
          "value"
        ],
        "properties": {
          "value": {
            "type": "string"
          }
        }
      }
    },
    "timeout_s": {
      "type": "number",
      "exclusiveMinimum": 0,
      "description": "Overrides server.request_timeout_s for this provider."
    },
    "max_connections": {
      "type": "integer",
      "minimum": 1,
      "default": 128,
      "description": "Keep-alive connections per upstream origin."
    },
    "models": {
      "type": "array",
      "items": {
        "type": "string",
        "minLength": 1
      },
      "description": "Models this provider serves, listed by GET /v1/models beside the adapter's own."
    },
    "allow_client_keys": {
      "type": "boolean",
      "default": false,
      "description": "Bring-your-own-key: a client credential that is neither a virtual key nor a JWT becomes this provider's key for that one request (never logged or stored)."
    },
    "prices": {
      "type": "object",
      "description": "Prices in US dollars by model, over the shipped defaults (README \"Usage, prices and budgets\"): what usage reports, extra_fields.cost and budgets count at.",
      "additionalProperties": {
        "type": "object",
        "additionalProperties": false,
        "minProperties": 1,
        "properties": {
          "per_audio_second": {
            "type": "number",
            "minimum": 0,
            "description": "Per second of input audio (fractional seconds billed exactly)."
          },
          "per_character": {
            "type": "number",
            "minimum": 0,
            "description": "Per character of speech input."
          },
          "per_input_token": {
            "type": "number",
            "minimum": 0,
            "description": "Per input token, where the provider reports tokens."
          },
          "per_output_token": {
            "type": "number",
            "minimum": 0,
            "description": "Per output token, where the provider reports tokens."
          }
        }
      }
    }
  }
};
