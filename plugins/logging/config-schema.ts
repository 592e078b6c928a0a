// The `logs:` section of the gateway config, which this plugin owns: where
// the request log store lives (behind GET /admin/logs, /admin/stats and the
// dashboard), how long records stay, and whether they keep content.
import { configSection, type OptionsOf } from '../../core/kit.js';

const LOGS_SCHEMA = {
  "type": "object",
  "additionalProperties": false,
  "default": {},
  "description": "The request log store behind GET /admin/logs, /admin/stats and the dashboard (written by the logging plugin).",
  "properties": {
    "store": {
      "type": "string",
      "pattern": "^(sqlite|postgres|postgresql)://.+$",
      "default": "sqlite://./data/voxgate.db",
      "description": "sqlite://<file> (relative to the working directory; sqlite://:memory: keeps nothing) or postgres://user:password@host:5432/db for several instances."
    },
    "retention_days": {
      "type": "number",
      "exclusiveMinimum": 0,
      "default": 30,
      "description": "Records older than this are deleted (checked at start-up and hourly)."
    },
    "content": {
      "type": "boolean",
      "default": false,
      "description": "Keep transcripts and speech input in the records (they may hold personal data)."
    },
    "queue_size": {
      "type": "integer",
      "minimum": 1,
      "default": 10000,
      "description": "Records waiting for the store at most; beyond it they are dropped and counted (voxgate_log_records_dropped_total)."
    }
  }
} as const;

export type LogsSettings = OptionsOf<typeof LOGS_SCHEMA>;

export const LOGS_SECTION = configSection<LogsSettings>('logs', LOGS_SCHEMA);
