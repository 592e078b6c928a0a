// `voxgate token`: mints an HS* JWT with the config's auth.jwt.secret, for a
// virtual key (--vk NAME) or an admin (--admin --sub NAME), carrying the
// configured iss and aud. The token alone goes to stdout, for scripts.
import { parseArgs } from 'node:util';
import jwt from 'jsonwebtoken';
import type { CommandIO, PluginCommand } from '../../../core/kit.js';
import { authConfigOf, isHmacAlgorithm } from '../auth-config.js';

const TOKEN_USAGE = 'voxgate token (--vk NAME | --admin --sub NAME) [--ttl 1h] [--config FILE]';

const UNITS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** "90", "90s", "15m", "1h", "7d" → seconds; undefined when unreadable. */
export function parseTtl(text: string): number | undefined {
  const match = /^(\d+)([smhd]?)$/.exec(text.trim());
  if (!match) return undefined;
  const seconds = Number(match[1]) * UNITS[match[2] || 's']!;
  return seconds > 0 ? seconds : undefined;
}

function tokenCommand(args: string[], { out, err, loadConfig, configError }: CommandIO): number {
  const { values } = parseArgs({
    args,
    options: {
      vk: { type: 'string' },
      admin: { type: 'boolean' },
      sub: { type: 'string' },
      ttl: { type: 'string', default: '1h' },
      config: { type: 'string', short: 'c' },
    },
  });
  const usage = (why: string): number => {
    err.write(`voxgate token: ${why}\nusage: ${TOKEN_USAGE}\n`);
    return 2;
  };
  if ((values.vk === undefined) === (values.admin !== true)) return usage('give either --vk NAME or --admin');
  if (values.admin && !values.sub) return usage('--admin needs --sub NAME (who holds the token)');
  const ttlS = parseTtl(values.ttl);
  if (ttlS === undefined) return usage(`--ttl "${values.ttl}" is not a duration like 90s, 15m, 1h or 7d`);

  const loaded = loadConfig(values.config);
  const auth = authConfigOf(loaded.config);
  const secret = auth.jwt?.secret;
  if (!secret) {
    throw configError(loaded.file, [{ path: 'auth.jwt.secret', message: 'is not set: voxgate token signs with it (tokens for a public_key are minted by whoever holds the private key)' }]);
  }
  const algorithm = (auth.jwt?.algorithms ?? ['HS256']).find(isHmacAlgorithm);
  if (!algorithm) throw configError(loaded.file, [{ path: 'auth.jwt.algorithms', message: 'lists no HS algorithm, so the gateway would refuse a token signed with the secret: add HS256' }]);

  let claims: Record<string, unknown>;
  if (values.vk !== undefined) {
    const known = auth.virtual_keys.map((k) => k.name);
    if (!known.includes(values.vk)) {
      throw new Error(`no virtual key named "${values.vk}" in auth.virtual_keys of ${loaded.file} (configured: ${known.join(', ') || 'none'})`);
    }
    claims = { [auth.virtual_key_claim]: values.vk };
  } else {
    claims = { [auth.admin_role_claim]: auth.admin_role_value };
  }
  const token = jwt.sign(claims, secret, {
    algorithm,
    expiresIn: ttlS,
    ...(values.sub ? { subject: values.sub } : {}),
    ...(auth.jwt?.issuer ? { issuer: auth.jwt.issuer } : {}),
    ...(auth.jwt?.audience ? { audience: auth.jwt.audience } : {}),
  });
  out.write(`${token}\n`);
  err.write(`# ${values.vk !== undefined ? `virtual key "${values.vk}"` : `admin "${values.sub}"`} token, ${algorithm}, expires ${new Date(Date.now() + ttlS * 1000).toISOString()}\n`);
  return 0;
}

export const token: PluginCommand = {
  name: 'token',
  usage: TOKEN_USAGE,
  summary: 'mint a JWT signed with auth.jwt.secret (ttl default 1h)',
  run: tokenCommand,
};
