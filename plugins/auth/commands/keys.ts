// `voxgate keys create --name NAME`: a new virtual key, its sha256, and the
// config entry that holds only the digest. The key is shown this once.
import { parseArgs } from 'node:util';
import type { CommandIO, PluginCommand } from '../../../core/kit.js';
import { VIRTUAL_KEY_NAME_FORMAT, generateVirtualKey, sha256Hex } from '../keys.js';

const KEYS_USAGE = 'voxgate keys create --name NAME';

function keysCommand(args: string[], { out, err }: CommandIO): number {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { name: { type: 'string', short: 'n' } } });
  if (positionals.length !== 1 || positionals[0] !== 'create' || values.name === undefined) {
    err.write(`usage: ${KEYS_USAGE}\n`);
    return 2;
  }
  const name = values.name;
  if (!VIRTUAL_KEY_NAME_FORMAT.test(name)) {
    err.write(`voxgate keys create: the name "${name}" must start with a letter or digit and hold only letters, digits, ".", "_" and "-"\n`);
    return 2;
  }
  const key = generateVirtualKey();
  const digest = sha256Hex(key);
  out.write(
    [
      `# New virtual key "${name}". It is shown only now: hand it to its holder and keep no other copy.`,
      `key: ${key}`,
      `sha256: ${digest}`,
      '',
      '# For auth.virtual_keys in the gateway config (the file then holds no secret):',
      `- name: ${name}`,
      `  key_sha256: ${digest}`,
      '  # allowed_models: ["openai/*"]          # glob patterns over provider/model; unset: every model',
      '  # rate_limit: { requests_per_minute: 60 }',
      '',
    ].join('\n'),
  );
  return 0;
}

export const keys: PluginCommand = {
  name: 'keys',
  usage: KEYS_USAGE,
  summary: 'make a virtual key (sk-bf-…) and its sha256 for auth.virtual_keys',
  run: keysCommand,
};
