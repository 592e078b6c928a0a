// allowed_models patterns over "provider/model": `*` matches any run of
// characters (slashes included: some model names have them), `?` one
// character; everything else is literal and case-sensitive.

export class ModelGlobs {
  private constructor(
    /** Undefined: every model. */
    readonly patterns: readonly string[] | undefined,
    private readonly regexes: readonly RegExp[],
  ) {}

  static any(): ModelGlobs {
    return new ModelGlobs(undefined, []);
  }

  /** Absent patterns allow every model; an empty list allows none. */
  static compile(patterns: readonly string[] | undefined): ModelGlobs {
    if (patterns === undefined) return ModelGlobs.any();
    return new ModelGlobs([...patterns], patterns.map(globToRegex));
  }

  allows(model: string): boolean {
    return this.patterns === undefined || this.regexes.some((r) => r.test(model));
  }

  /** For messages: what the key may use. */
  describe(): string {
    if (this.patterns === undefined) return 'every model';
    return this.patterns.length === 0 ? 'no model' : this.patterns.join(', ');
  }
}

function globToRegex(pattern: string): RegExp {
  const body = [...pattern].map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`, 's');
}

/** Why a pattern can never match a "provider/model" name, or undefined when it is fine. */
export function globProblem(pattern: string): string | undefined {
  if (pattern === '*' || /^[^/]+\/./s.test(pattern)) return undefined;
  return `"${pattern}" cannot match a model: patterns are written provider/model, e.g. openai/whisper-1 or openai/* ("*" alone allows every model)`;
}
