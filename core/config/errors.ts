// A config error names the key path and what is wrong with it; the CLI prints
// every problem at once and exits non-zero before listening.

export interface ConfigProblem {
  /** "server.port", "providers.openai.keys[0].value", or "" for the file itself. */
  path: string;
  message: string;
}

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    super(`${file}: invalid configuration\n${problems.map((p) => `  - ${p.path || '(file)'}: ${p.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Joins a key path the way users read it: a.b[0].c */
export function joinPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  return base === '' ? key : `${base}.${key}`;
}

/** Joins path segments onto a base: (["keys", 0, "value"], "providers.openai") → providers.openai.keys[0].value */
export const pathOf = (segments: ReadonlyArray<string | number>, base = ''): string => segments.reduce<string>((acc, s) => joinPath(acc, s), base);
