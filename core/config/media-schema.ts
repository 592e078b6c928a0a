// Core's sections for long and live audio: `long_audio:` (spooling, ffmpeg
// splitting, long speech input) and `realtime:` (WebSocket sessions).
import type { JsonSchema } from '../json-schema.js';

export const LONG_AUDIO_SCHEMA: JsonSchema = {
  "type": "object",
  "additionalProperties": false,
  "default": {},
  "description": "Long media: uploads past server.max_upload_mb spooled to disk, audio split with ffmpeg where a provider's limit needs it, long speech input split and joined.",
  "properties": {
    "max_upload_mb": {
      "type": "number",
      "exclusiveMinimum": 0,
      "description": "The largest upload the transcription routes take, spooled to a temporary file past server.max_upload_mb. Unset: server.max_upload_mb (nothing is spooled)."
    },
    "max_spool_gb": {
      "type": "number",
      "exclusiveMinimum": 0,
      "default": 10,
      "description": "Disk all spooled uploads may use at once: one larger upload is a 413, one that does not fit beside the others a 503 with Retry-After."
    },
    "ffmpeg_path": {
      "type": "string",
      "minLength": 1,
      "description": "The ffmpeg binary (ffprobe is looked for beside it). Unset: ffmpeg and ffprobe on PATH."
    },
    "chunk_seconds": {
      "type": "number",
      "minimum": 10,
      "default": 600,
      "description": "The longest chunk sent to a provider; cuts are made in the last pause before it."
    },
    "concurrency": {
      "type": "integer",
      "minimum": 1,
      "maximum": 64,
      "default": 4,
      "description": "Chunks of one upload transcribed at once."
    }
  }
};

export const REALTIME_SCHEMA: JsonSchema = {
  "type": "object",
  "additionalProperties": false,
  "default": {},
  "description": "Realtime transcription sessions (WebSocket GET /v1/realtime): how many, how long, how much may wait in buffers.",
  "properties": {
    "max_sessions_per_key": {
      "type": "integer",
      "minimum": 1,
      "description": "Sessions one principal (virtual key, admin, anonymous address) may hold open at once; past it the upgrade is refused with 429. Unset: no cap."
    },
    "max_session_s": {
      "type": "number",
      "exclusiveMinimum": 0,
      "default": 3600,
      "description": "The longest a session may last; then it is closed with 1008."
    },
    "idle_timeout_s": {
      "type": "number",
      "exclusiveMinimum": 0,
      "default": 60,
      "description": "A session that receives no client event for this long is closed with 1008."
    },
    "max_buffer_kb": {
      "type": "integer",
      "minimum": 64,
      "default": 4096,
      "description": "Bytes waiting for the slower side (the upstream while it connects or lags, the client while it does not read); reading the faster side pauses at half, the session closes with 1013 past it."
    }
  }
};
