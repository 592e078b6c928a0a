// `voxgate check-config`: validates everything that can be checked without
// listening or connecting (adapters, providers, plugins) and prints the
// effective config with every secret redacted.
import { stringify } from 'yaml';
import { checkWorkers } from '../cluster/workers.js';
import { loadConfig, resolveConfigFile } from '../config/load.js';
import { redactConfig } from '../config/redact.js';
import { prepare } from '../gateway.js';
import { createLogger } from '../logger.js';
import { configWarnings } from './config-warnings.js';

export async function checkConfig(configFlag: string | undefined, out: NodeJS.WritableStream = process.stdout): Promise<void> {
  const loaded = loadConfig(resolveConfigFile(configFlag));
  checkWorkers(loaded.config, loaded.file);
  const prepared = await prepare(loaded, createLogger({ level: 'silent', destination: 'stderr', pretty: false }));
  const effective = {
    ...loaded.config,
    plugins: prepared.plugins.map((p) => ({ name: p.name, ...(p.source.startsWith('.') ? { path: p.source } : {}), ...p.options })),
  };
  out.write(`# ${loaded.file}: valid\n`);
  for (const w of configWarnings(prepared)) out.write(`# warning: ${w.path || '(file)'}: ${w.message}\n`);
  out.write(stringify(redactConfig(effective, loaded.envRefs)));
}
