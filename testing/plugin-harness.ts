// A plugin in a real chain: a gateway running every built-in plugin in its
// default order plus the plugin under test, in front of a fake OpenAI, so a
// plugin author sees what users will (auth, limits, cache, fallback and
// logging around it, the provider call inside it).
//
//   const h = await startPluginHarness({ plugin: './my-plugin.js', options: { … } });
//   const res = await h.transcribe({ language: 'en' });
//   …
//   await h.close();
import path from 'node:path';
import { DEFAULT_PLUGIN_ORDER } from '../core/assemble/plugins.js';
import { fakeAudio } from './audio.js';
import { FakeOpenAI } from './fake-openai.js';
import { startGateway, type LogCapture, type TestGateway } from './gateway.js';
import { postJson, upload, type Fields } from './http.js';

/** Where the plugin runs: outermost, innermost (just before the provider call), or next to a built-in. */
export type ChainPosition = 'first' | 'last' | { before: string } | { after: string };

export interface PluginHarnessOptions {
  /** The plugin module: a path (relative to the working directory) or a package name. */
  plugin: string;
  /** Its options, as its entry in `plugins:` would hold them. */
  options?: Record<string, unknown>;
  /** 'last' (innermost) by default. */
  position?: ChainPosition;
  /** The rest of the gateway config (auth:, routing:, extra providers:…), merged over the harness's. */
  config?: Record<string, unknown>;
  /** Environment for ${VAR} references in the config. */
  env?: Record<string, string | undefined>;
}

export interface PluginHarness {
  url: string;
  gateway: TestGateway['gateway'];
  logs: LogCapture;
  /** The fake OpenAI behind the `openai` provider: its requests, and faults to inject (upstream.fail({ status: 500 })). */
  upstream: FakeOpenAI;
  /** POST /v1/audio/transcriptions with a small audio file; `model` defaults to openai/whisper-1. */
  transcribe(fields?: Fields, headers?: Record<string, string>): Promise<Response>;
  /** POST /v1/audio/speech; `model`, `input` and `voice` have defaults. */
  speak(body?: Record<string, unknown>, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

export const HARNESS_UPSTREAM_KEY = 'sk-harness-upstream-key';

function chainWith(entry: Record<string, unknown>, position: ChainPosition): Array<Record<string, unknown>> {
  const builtins: Array<Record<string, unknown>> = DEFAULT_PLUGIN_ORDER.map((name) => ({ name }));
  if (position === 'first') return [entry, ...builtins];
  if (position === 'last') return [...builtins, entry];
  const anchor = 'before' in position ? position.before : position.after;
  const at = DEFAULT_PLUGIN_ORDER.indexOf(anchor);
  if (at < 0) throw new Error(`position names "${anchor}", which is not a built-in plugin (${DEFAULT_PLUGIN_ORDER.join(', ')})`);
  builtins.splice('before' in position ? at : at + 1, 0, entry);
  return builtins;
}

const isPath = (spec: string): boolean => spec.startsWith('.') || path.isAbsolute(spec);

export async function startPluginHarness(options: PluginHarnessOptions): Promise<PluginHarness> {
  const upstream = await FakeOpenAI.start({ apiKey: HARNESS_UPSTREAM_KEY });
  const entry = { path: isPath(options.plugin) ? path.resolve(options.plugin) : options.plugin, ...options.options };
  const { providers, ...rest } = options.config ?? {};
  let gw: TestGateway;
  try {
    gw = await startGateway(
      {
        providers: { openai: { base_url: upstream.url, keys: [{ value: HARNESS_UPSTREAM_KEY }], timeout_s: 5 }, ...(providers as object | undefined) },
        auth: { required: false },
        ...rest,
        plugins: chainWith(entry, options.position ?? 'last'),
      },
      { env: options.env },
    );
  } catch (err) {
    await upstream.close();
    throw err;
  }
  const audio = fakeAudio('mp3', 16_000);
  return {
    url: gw.url,
    gateway: gw.gateway,
    logs: gw.logs,
    upstream,
    transcribe: (fields = {}, headers = {}) =>
      upload(`${gw.url}/v1/audio/transcriptions`, { fields: { model: 'openai/whisper-1', ...fields }, file: { bytes: audio, filename: 'a.mp3', type: 'audio/mpeg' }, headers }),
    speak: (body = {}, headers = {}) => postJson(`${gw.url}/v1/audio/speech`, { model: 'openai/tts-1', input: 'Hello from the harness.', voice: 'alloy', ...body }, headers),
    async close() {
      await gw.close();
      await upstream.close();
    },
  };
}
