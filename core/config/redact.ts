// The effective config with every secret replaced, for `voxgate check-config`
// and for anything else that prints config. A value is secret when its key
// says so (key, secret, password, token, …) or it sits in a provider's keys.
import { joinPath } from './errors.js';

const SECRET_NAME = /(^|_)(key|secret|password|passwd|token|api_key|credentials?)$/i;
const NOT_SECRET = new Set(['public_key', 'key_sha256']);

function redactUrl(text: string): string {
  try {
    const url = new URL(text);
    if (url.password || url.username) {
      url.password = url.password ? 'redacted' : '';
      return url.toString();
    }
  } catch {
    // not a URL: nothing to mask
  }
  return text;
}

const isSecretPath = (path: string, key: string): boolean =>
  (SECRET_NAME.test(key) && !NOT_SECRET.has(key)) || /\.keys\[\d+\]\.value$/.test(path);

export function redactConfig(node: unknown, envRefs: ReadonlyMap<string, readonly string[]>, path = '', key = ''): unknown {
  if (typeof node === 'string') {
    if (!isSecretPath(path, key)) return redactUrl(node);
    if (node === '') {
      const vars = envRefs.get(path);
      return vars?.length ? `<empty: set ${vars.join(' or ')}>` : '<empty>';
    }
    return '<redacted>';
  }
  if (Array.isArray(node)) return node.map((item, i) => redactConfig(item, envRefs, joinPath(path, i), key));
  if (node !== null && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, redactConfig(v, envRefs, joinPath(path, k), k)]));
  }
  return node;
}
