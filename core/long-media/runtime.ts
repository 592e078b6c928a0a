// Long media at start-up: the long_audio settings, the tools found, and the
// spool area. Built once by the gateway; read by the upload reader (spool),
// the long-media chain step (splitting) and /ready (what is on or off).
import type { GatewayConfig, LongAudioConfig } from '../config/types.js';
import { SpoolArea } from './spool.js';
import { findTools, type MediaTools } from './tools.js';

export interface LongMedia {
  readonly settings: LongAudioConfig;
  /** Set when ffmpeg and ffprobe were found: long audio is on. */
  readonly tools?: MediaTools;
  /** Why long audio is off, for /ready and refusals. */
  readonly offReason?: string;
  readonly spool: SpoolArea;
  /** Uploads past the in-memory limit go to disk up to this many bytes; undefined: nothing is spooled. */
  readonly spoolMaxBytes?: number;
}

const MB = 1024 * 1024;

export function createLongMedia(config: GatewayConfig, found = findTools(config.long_audio.ffmpeg_path)): LongMedia {
  const settings = config.long_audio;
  const spool = new SpoolArea(Math.floor(settings.max_spool_gb * 1024 * MB));
  const maxUpload = Math.floor((settings.max_upload_mb ?? config.server.max_upload_mb) * MB);
  const inMemory = Math.floor(config.server.max_upload_mb * MB);
  if (!found.ok) return { settings, spool, offReason: `${found.reason}: install Debian's ffmpeg package or set long_audio.ffmpeg_path` };
  return { settings, spool, tools: found.tools, spoolMaxBytes: maxUpload > inMemory ? maxUpload : undefined };
}

/** What /ready reports. */
export function longMediaStatus(long: LongMedia): Record<string, unknown> {
  if (!long.tools) return { long_audio: 'off', reason: long.offReason };
  return { long_audio: 'on', max_upload_mb: Math.round(((long.spoolMaxBytes ?? 0) / MB) * 100) / 100 || undefined };
}
