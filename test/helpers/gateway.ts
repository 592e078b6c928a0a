// Test-suite wrappers around voxgate/testing's gateway: relative paths in
// test configs (./fixtures/…) resolve to the compiled fixtures in dist/test.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startGateway as start, type StartOptions, type TestGateway } from '../../testing/gateway.js';

export { LogCapture, type StartOptions, type TestGateway } from '../../testing/gateway.js';

/** dist/test: relative paths in test configs (./fixtures/…) resolve to compiled fixtures. */
export const compiledTestDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function startGateway(config: Record<string, unknown>, options: StartOptions = {}): Promise<TestGateway> {
  return start(config, { ...options, configDir: options.configDir ?? compiledTestDir });
}

/** A config with one OpenAI provider pointed at a fake upstream. */
export function openAIConfig(baseUrl: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    providers: { openai: { base_url: baseUrl, keys: [{ value: 'sk-upstream-test-key' }] } },
    plugins: [],
    ...extra,
  };
}
