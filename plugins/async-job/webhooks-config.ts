// The `webhooks:` section of the gateway config, which this plugin owns:
// where finished jobs are announced (Standard Webhooks signing), which hosts a
// per-job x-bf-webhook-url may name, and how deliveries are retried.
import { BF_HEADERS, configSection, type OptionsOf } from '../../core/kit.js';

const WEBHOOKS_SCHEMA = 
{
  "type": "object",
  "additionalProperties": false,
  "description": "Completion webhooks of async jobs (the async-job plugin sends them), signed per the Standard Webhooks spec.",
  "properties": {
    "endpoints": {
      "type": "array",
      "default": [],
      "items": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "url",
          "secret"
        ],
        "properties": {
          "url": {
            "type": "string",
            "pattern": "^https?://",
            "description": "Where every job's event is POSTed."
          },
          "secret": {
            "type": "string",
            "pattern": "^whsec_[A-Za-z0-9+/=]+$",
            "description": "The Standard Webhooks signing secret: whsec_ and base64."
          },
          "events": {
            "type": "array",
            "items": {
              "enum": [
                "async_job.completed",
                "async_job.failed"
              ]
            },
            "default": [
              "async_job.completed",
              "async_job.failed"
            ]
          }
        }
      }
    },
    "allowed_hosts": {
      "type": "array",
      "items": {
        "type": "string"
      },
      "default": [],
      "description": `Hosts a per-job ${BF_HEADERS.webhookUrl} may name; loopback and private addresses only when listed.`
    },
    "secret": {
      "type": "string",
      "pattern": "^whsec_[A-Za-z0-9+/=]+$",
      "description": `Signs deliveries to per-job URLs (${BF_HEADERS.webhookUrl}).`
    },
    "max_attempts": {
      "type": "integer",
      "minimum": 1,
      "default": 5
    },
    "backoff_s": {
      "type": "number",
      "exclusiveMinimum": 0,
      "default": 30,
      "description": "Wait before the first retry, doubled each retry."
    }
  },
  "default": {}
} as const;

export type WebhooksConfig = OptionsOf<typeof WEBHOOKS_SCHEMA>;
export type WebhookEndpoint = WebhooksConfig['endpoints'][number];

export const WEBHOOKS_SECTION = configSection<WebhooksConfig>('webhooks', WEBHOOKS_SCHEMA);
