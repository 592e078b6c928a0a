// Environment references in config values: ${VAR}, ${VAR:-default} (unset or
// empty), ${VAR-default} (unset only), $${ for a literal "${", and a whole
// value of the form env.VAR. A missing variable without a default is a problem
// reported with its key path; every reference is recorded by key path so later
// checks can name the variable behind an empty value.
import { joinPath, type ConfigProblem } from './errors.js';

const REFERENCE = /\$(\$?)\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*))?\}/g;
const WHOLE_ENV = /^env\.([A-Za-z_][A-Za-z0-9_]*)$/;

export interface InterpolationResult {
  value: unknown;
  problems: ConfigProblem[];
  envRefs: Map<string, string[]>;
}

type Env = Readonly<Record<string, string | undefined>>;

export function interpolate(root: unknown, env: Env): InterpolationResult {
  const problems: ConfigProblem[] = [];
  const envRefs = new Map<string, string[]>();

  const note = (path: string, name: string): void => {
    const list = envRefs.get(path);
    if (list) list.push(name);
    else envRefs.set(path, [name]);
  };

  const resolveString = (text: string, path: string): string => {
    const whole = WHOLE_ENV.exec(text);
    if (whole) {
      const name = whole[1]!;
      note(path, name);
      const value = env[name];
      if (value === undefined) problems.push({ path, message: `environment variable ${name} is not set` });
      return value ?? '';
    }
    if (text.replace(REFERENCE, '').includes('${')) {
      problems.push({ path, message: `malformed environment reference: write \${NAME} or \${NAME:-default}` });
      return text;
    }
    return text.replace(REFERENCE, (match, escaped: string, name: string, op: string | undefined, fallback: string | undefined) => {
      if (escaped) return match.slice(1);
      note(path, name);
      const value = env[name];
      if (op === ':-') return value === undefined || value === '' ? (fallback ?? '') : value;
      if (op === '-') return value ?? fallback ?? '';
      if (value === undefined) {
        problems.push({ path, message: `environment variable ${name} is not set (write \${${name}:-default} to make it optional)` });
        return '';
      }
      return value;
    });
  };

  const walk = (node: unknown, path: string): unknown => {
    if (typeof node === 'string') return resolveString(node, path);
    if (Array.isArray(node)) return node.map((item, i) => walk(item, joinPath(path, i)));
    if (node !== null && typeof node === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(node)) out[key] = walk(child, joinPath(path, key));
      return out;
    }
    return node;
  };

  return { value: walk(root, ''), problems, envRefs };
}
