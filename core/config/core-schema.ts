// The gateway's own config sections (server, store, log, providers, routing,
// extensions, plugins). Plugins add theirs (auth adds `auth:`) and the two
// are assembled at load (core/config/schema.ts); config/gateway.schema.json is
// that assembly, printed by `voxgate schema`, never edited by hand. The
// provider definition and the long/live audio sections have files of their own.
import type { JsonSchema } from '../json-schema.js';
import { PROVIDER_SCHEMA } from './provider-schema.js';
import { LONG_AUDIO_SCHEMA, REALTIME_SCHEMA } from './media-schema.js';

export const CORE_SCHEMA: JsonSchema = {
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "https://voxgate.dev/schemas/gateway.json",
  "title": "Voxgate gateway configuration",
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "server": {
      "type": "object",
      "additionalProperties": false,
      "default": {},
      "properties": {
        "host": {
          "type": "string",
          "minLength": 1,
          "default": "127.0.0.1"
        },
        "port": {
          "type": "integer",
          "minimum": 0,
          "maximum": 65535,
          "default": 8080
        },
        "max_upload_mb": {
          "type": "number",
          "exclusiveMinimum": 0,
          "maximum": 4096,
          "default": 25,
          "description": "Largest audio upload; larger ones are refused with 413 before they are read."
        },
        "max_json_kb": {
          "type": "number",
          "exclusiveMinimum": 0,
          "maximum": 65536,
          "default": 256,
          "description": "Largest JSON request body; larger ones are refused with 413."
        },
        "request_timeout_s": {
          "type": "number",
          "exclusiveMinimum": 0,
          "default": 300,
          "description": "Upstream call deadline: time to the answer's headers, and the longest pause between body chunks."
        },
        "max_inflight_mb": {
          "type": "number",
          "exclusiveMinimum": 0,
          "default": 1024,
          "description": "Upload bytes held in memory at once across all requests; past it new uploads are shed with 503 and Retry-After."
        },
        "headers_timeout_s": {
          "type": "number",
          "exclusiveMinimum": 0,
          "default": 30,
          "description": "A request's headers must arrive within this; else 408."
        },
        "body_timeout_s": {
          "type": "number",
          "exclusiveMinimum": 0,
          "default": 300,
          "description": "A request body (an upload) must arrive whole within this; else 408."
        },
        "idle_timeout_s": {
          "type": "number",
          "exclusiveMinimum": 0,
          "default": 60,
          "description": "A request body may pause at most this long between bytes; else 408."
        },
        "shutdown_timeout_s": {
          "type": "number",
          "minimum": 0,
          "default": 30,
          "description": "On SIGTERM, how long in-flight requests may take to finish."
        },
        "trust_proxy": {
          "type": [
            "boolean",
            "string",
            "integer"
          ],
          "default": false,
          "description": "Express trust proxy setting, for client addresses behind a load balancer."
        },
        "metrics": {
          "type": "boolean",
          "default": true,
          "description": "Serve Prometheus metrics at GET /metrics."
        },
        "workers": {
          "oneOf": [
            {
              "type": "integer",
              "minimum": 1,
              "maximum": 256
            },
            {
              "const": "auto"
            }
          ],
          "default": 1,
          "description": "Processes serving the port (node:cluster); auto: one per CPU. More than one needs store.url redis://."
        }
      }
    },
    "store": {
      "type": "object",
      "additionalProperties": false,
      "default": {},
      "properties": {
        "url": {
          "type": "string",
          "pattern": "^(memory://.*|rediss?://.+)$",
          "default": "memory://",
          "description": "memory:// (one process) or redis://host:port/db (shared by every instance)."
        }
      }
    },
    "log": {
      "type": "object",
      "additionalProperties": false,
      "default": {},
      "properties": {
        "level": {
          "enum": [
            "fatal",
            "error",
            "warn",
            "info",
            "debug",
            "trace",
            "silent"
          ],
          "default": "info"
        },
        "destination": {
          "type": "string",
          "minLength": 1,
          "default": "stdout",
          "description": "stdout, stderr, or a file path."
        },
        "pretty": {
          "enum": [
            true,
            false,
            "auto"
          ],
          "default": "auto",
          "description": "Human-readable lines; auto: when the destination is a terminal."
        }
      }
    },
    "providers": {
      "type": "object",
      "default": {},
      "propertyNames": {
        "pattern": "^[a-zA-Z0-9][a-zA-Z0-9._-]*$"
      },
      "additionalProperties": {
        "$ref": "#/$defs/provider"
      }
    },
    "voices": {
      "type": "object",
      "description": "One voice name on every provider: a voice name (e.g. alloy) \u2192 provider instance name or type \u2192 that provider's voice. Adapters ship defaults for OpenAI's voices; entries here override them.",
      "additionalProperties": {
        "type": "object",
        "additionalProperties": {
          "type": "string",
          "minLength": 1
        }
      }
    },
    "routing": {
      "type": "object",
      "default": {},
      "additionalProperties": false,
      "properties": {
        "default_provider": {
          "type": "string",
          "minLength": 1,
          "description": "The provider a bare model name (whisper-1) goes to. Default: openai when an openai provider is configured."
        }
      }
    },
    "long_audio": LONG_AUDIO_SCHEMA,
    "realtime": REALTIME_SCHEMA,
    "telemetry": {
      "type": "object",
      "additionalProperties": false,
      "default": {},
      "description": "OpenTelemetry traces, off unless otlp_endpoint is set.",
      "properties": {
        "otlp_endpoint": {
          "type": "string",
          "pattern": "^https?://.+$",
          "description": "An OTLP/HTTP collector, e.g. http://127.0.0.1:4318 (spans go to <endpoint>/v1/traces, JSON)."
        },
        "service_name": {
          "type": "string",
          "minLength": 1,
          "default": "voxgate"
        }
      }
    },
    "extensions": {
      "type": "object",
      "additionalProperties": false,
      "default": {},
      "properties": {
        "providers": {
          "type": "array",
          "items": {
            "type": "string",
            "minLength": 1
          },
          "default": [],
          "description": "Extra adapter modules: a folder with an index.js, a .js file, or a package name."
        },
        "plugins": {
          "type": "array",
          "items": {
            "type": "string",
            "minLength": 1
          },
          "default": [],
          "description": "Extra folders of plugins (each subfolder with an index.js), or single plugin modules."
        }
      }
    },
    "plugins": {
      "type": "array",
      "items": {
        "type": "object",
        "properties": {
          "name": {
            "type": "string",
            "minLength": 1
          },
          "path": {
            "type": "string",
            "minLength": 1
          }
        },
        "anyOf": [
          {
            "required": [
              "name"
            ]
          },
          {
            "required": [
              "path"
            ]
          }
        ]
      }
    }
  },
  "$defs": {
    "provider": PROVIDER_SCHEMA
  }
};
