// What start-up (prepare: discovery, adapters, plugin options and checks)
// says about a config, without listening: key path → message.
import assert from 'node:assert/strict';
import path from 'node:path';
import { stringify } from 'yaml';
import { ConfigError } from '../../core/config/errors.js';
import { parseConfigText } from '../../core/config/load.js';
import { prepare } from '../../core/gateway.js';
import { createLogger } from '../../core/logger.js';
import { compiledTestDir } from './gateway.js';

/** Every problem start-up finds, by key path; empty when it accepts the config. */
export async function startupProblems(config: Record<string, unknown>): Promise<Map<string, string>> {
  const loaded = parseConfigText(stringify(config), path.join(compiledTestDir, 'x.yaml'), {});
  try {
    await prepare(loaded, createLogger({ level: 'silent', destination: 'stderr', pretty: false }));
  } catch (err) {
    assert.ok(err instanceof ConfigError, String(err));
    return new Map(err.problems.map((p) => [p.path, p.message]));
  }
  return new Map();
}
