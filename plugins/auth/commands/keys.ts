// `voxgate keys create --name NAME`: a new virtual key, its sha256, and the
// config entry that holds only the digest. The key is shown this once.
// With --url, `keys create|list|revoke|rotate` manage a running gateway's
// run-time keys instead (keys-remote.ts).
import { VIRTUAL_KEY_PREFIX } from '../../../core/kit.js';
import { parseArgs } from 'node:util';
import type { CommandIO, PluginCommand } from '../../../core/kit.js';
import { VIRTUAL_KEY_NAME_FORMAT, generateVirtualKey, sha256Hex } from '../keys.js';
import { ADMIN_KEY_ENV, remoteKeys } from './keys-remote.js';

const KEYS_USAGE = `voxgate keys create --name NAME  (offline, for auth.virtual_keys)
       voxgate keys create --name NAME --url URL [--team T] [--models p1,p2] [--rate-limit JSON] [--budget JSON] [--expires-at TIME]
       voxgate keys list|revoke ID_OR_NAME|rotate ID_OR_NAME --url URL [--json]   (admin credential in $${ADMIN_KEY_ENV})`;

function keysCommand(args: string[], io: CommandIO): number | Promise<number> {
  const { out, err } = io;
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      name: { type: 'string', short: 'n' },
      url: { type: 'string' },
      team: { type: 'string' },
      models: { type: 'string' },
      'rate-limit': { type: 'string' },
      budget: { type: 'string' },
      'expires-at': { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  if (values.url !== undefined && positionals.length >= 1 && positionals.length <= 2) return remoteKeys(positionals[0]!, positionals[1], { ...values, url: values.url }, io);
  if (values.url === undefined && positionals.length >= 1 && ['list', 'revoke', 'rotate'].includes(positionals[0]!)) {
    err.write(`voxgate keys ${positionals[0]}: needs --url URL, the running gateway whose run-time keys to manage (YAML keys live in the config file)\nusage: ${KEYS_USAGE}\n`);
    return 2;
  }
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
  summary: `make a virtual key (${VIRTUAL_KEY_PREFIX}…) and its sha256 for auth.virtual_keys; with --url, manage a running gateway's run-time keys`,
  run: keysCommand,
};
