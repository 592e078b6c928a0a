// The configured virtual keys, held as sha256 digests only. A presented key
// is hashed and compared with every digest in constant time, so neither the
// answer's timing nor memory dumps reveal a key.
import { timingSafeEqual } from 'node:crypto';
import { keyPath, type ConfigProblem } from '../../core/kit.js';
import type { PrincipalBudget, PrincipalLimits } from '../../core/kit.js';
import type { VirtualKeyConfig } from './auth-config.js';
import { VIRTUAL_KEY_FORMAT, VIRTUAL_KEY_FORMAT_TEXT, sha256Bytes } from './keys.js';
import { ModelGlobs, globProblem } from './model-globs.js';

export interface VirtualKey {
  readonly name: string;
  readonly digest: Buffer;
  readonly models: ModelGlobs;
  readonly limits?: Readonly<PrincipalLimits>;
  readonly team?: string;
  readonly budget?: PrincipalBudget;
}

const digestOf = (entry: VirtualKeyConfig): Buffer => (entry.key !== undefined ? sha256Bytes(entry.key) : Buffer.from(entry.key_sha256!.toLowerCase(), 'hex'));

export class VirtualKeyTable {
  private readonly byName: ReadonlyMap<string, VirtualKey>;

  private constructor(private readonly keys: readonly VirtualKey[]) {
    this.byName = new Map(keys.map((k) => [k.name, k]));
  }

  static fromConfig(entries: readonly VirtualKeyConfig[]): VirtualKeyTable {
    return new VirtualKeyTable(
      entries.map((e) => ({ name: e.name, digest: digestOf(e), models: ModelGlobs.compile(e.allowed_models), limits: e.rate_limit ? Object.freeze({ ...e.rate_limit }) : undefined, team: e.team, budget: e.budget ? Object.freeze({ ...e.budget }) : undefined })),
    );
  }

  /** Start-up checks beyond the schema: key format, unique names and keys, usable patterns. Messages name keys, never show them. */
  static problems(entries: readonly VirtualKeyConfig[], at = 'auth.virtual_keys'): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    const names = new Map<string, number>();
    const digests = new Map<string, number>();
    entries.forEach((entry, i) => {
      const here = keyPath([i], at);
      const firstNamed = names.get(entry.name);
      if (firstNamed !== undefined) problems.push({ path: keyPath(['name'], here), message: `"${entry.name}" is also the name of ${keyPath([firstNamed], at)}; every virtual key needs its own name` });
      else names.set(entry.name, i);
      if (entry.key !== undefined && !VIRTUAL_KEY_FORMAT.test(entry.key)) {
        problems.push({ path: keyPath(['key'], here), message: `is not a well-formed virtual key: expected ${VIRTUAL_KEY_FORMAT_TEXT}` });
        return;
      }
      const digest = digestOf(entry).toString('hex');
      const same = digests.get(digest);
      if (same !== undefined) {
        const field = entry.key !== undefined ? 'key' : 'key_sha256';
        problems.push({ path: keyPath([field], here), message: `is the same key as ${keyPath([same], at)} ("${entries[same]!.name}"); every virtual key must be different` });
      } else digests.set(digest, i);
      entry.allowed_models?.forEach((pattern, j) => {
        const why = globProblem(pattern);
        if (why) problems.push({ path: keyPath(['allowed_models', j], here), message: why });
      });
    });
    return problems;
  }

  /** The key whose digest equals the presented key's (sha256Bytes); every digest is compared, match or not. */
  match(digest: Buffer): VirtualKey | undefined {
    let found: VirtualKey | undefined;
    for (const key of this.keys) {
      if (timingSafeEqual(key.digest, digest) && found === undefined) found = key;
    }
    return found;
  }

  hasDigest(digest: Buffer): boolean {
    return this.keys.some((k) => k.digest.equals(digest));
  }

  named(name: string): VirtualKey | undefined {
    return this.byName.get(name);
  }

  names(): string[] {
    return [...this.byName.keys()];
  }
}
