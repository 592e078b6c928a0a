// The long-audio test files' shared setup: a 40 MB WAV (96 kHz, so it is
// 218 s long and cheap for ffmpeg), a fake OpenAI with OpenAI's limits, and
// the shipped default chain with long uploads on, its spool folder under a
// TMPDIR of the file's own so the tests can watch it.
import { after, before, beforeEach } from 'node:test';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LongFakeOpenAI } from '../fakes/long-openai.js';
import { startGateway, type TestGateway } from './gateway.js';
import { upload } from './http.js';
import { toneWav } from './tone-wav.js';

export interface LongAudioSetup {
  fake: LongFakeOpenAI;
  gw: TestGateway;
  wav: { bytes: Buffer; seconds: number };
  /** Files in the gateway's spool folder now. */
  spoolFiles(): string[];
  transcribe(fields: Record<string, string | string[]>, route?: string): Promise<Response>;
  transcriptionCalls(): LongFakeOpenAI['requests'];
}

/** `extra`: more top-level config (auth, logs …) over the defaults. */
export function withLongAudioGateway(longAudio: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): LongAudioSetup {
  const spoolRoot = mkdtempSync(path.join(os.tmpdir(), 'voxgate-long-test-'));
  const savedTmp = process.env.TMPDIR;
  const setup = {
    wav: toneWav(40 * 1024 * 1024, 96_000),
    spoolFiles: () =>
      readdirSync(spoolRoot, { withFileTypes: true })
        .filter((d) => d.isDirectory() && d.name.startsWith('voxgate-spool-'))
        .flatMap((d) => readdirSync(path.join(spoolRoot, d.name))),
    transcribe: (fields: Record<string, string | string[]>, route = '/v1/audio/transcriptions') =>
      upload(`${setup.gw.url}${route}`, { fields: { model: 'openai/whisper-1', ...fields }, file: { bytes: setup.wav.bytes, filename: 'meeting.wav', type: 'audio/wav' } }),
    transcriptionCalls: () => setup.fake.requests.filter((r) => r.path.endsWith('/audio/transcriptions')),
  } as LongAudioSetup;
  before(async () => {
    process.env.TMPDIR = spoolRoot;
    setup.fake = await LongFakeOpenAI.start();
    setup.gw = await startGateway({
      providers: { openai: { base_url: setup.fake.url, keys: [{ value: 'sk-upstream-test-key' }] } },
      auth: { required: false },
      long_audio: { max_upload_mb: 200, chunk_seconds: 60, concurrency: 2, max_spool_gb: 0.1, ...longAudio },
      ...extra,
    });
  });
  after(async () => {
    await setup.gw.close();
    await setup.fake.close();
    process.env.TMPDIR = savedTmp;
    rmSync(spoolRoot, { recursive: true, force: true });
  });
  beforeEach(() => {
    setup.fake.reset();
    setup.fake.chunkSeconds.length = 0;
  });
  return setup;
}
