import { staleLockWarning } from "../../../inventory/stale-lock.js";
import type { DependencyKind } from "../../../model/types.js";
import { type JsonObject, visitDeclaredDependencies } from "./package-lock/declared-deps.js";
import { NpmOverrides } from "./package-lock/overrides.js";

interface Declared {
  range: string;
  kind: DependencyKind;
}

/**
 * What a root's package.json declares, against the copy of it that the lockfile keeps (npm's root
 * entry, pnpm's importer). The package manager installs from package.json: when someone edits it
 * without installing, the lockfile's copy is stale, so the manifest's ranges win (`npm outdated`
 * wants what package.json allows) and every difference is collected for one warning.
 */
export class ManifestRanges {
  /** Declarations not yet met in the lockfile, by `kind name`: a name may be both dev and peer. */
  private readonly unmet: Map<string, Declared & { name: string }>;
  private readonly differences: string[] = [];

  private constructor(
    readonly path: string,
    /** The command that brings the lockfile up to date, for the warning. */
    private readonly install: string,
    private readonly declared: ReadonlyMap<string, Declared & { name: string }>,
    /** Its `overrides` (npm reads the project's only). */
    readonly overrides: NpmOverrides | undefined,
  ) {
    this.unmet = new Map(declared);
  }

  /**
   * A parsed package.json. `withPeers: false` for lockfiles that do not record peer dependencies
   * (pnpm importers): they are not compared.
   */
  static of(path: string, manifest: JsonObject, install: string, withPeers = true): ManifestRanges {
    const declared = new Map<string, Declared & { name: string }>();
    const specs = new Map<string, string>();
    const compared = withPeers ? manifest : { ...manifest, peerDependencies: undefined };
    visitDeclaredDependencies(compared, true, (name, range, kind) => {
      declared.set(`${kind} ${name}`, { name, range, kind });
      specs.set(name, range);
    });
    return new ManifestRanges(path, install, declared, NpmOverrides.read(manifest, specs));
  }

  /** The range to use for a dependency the lockfile declares with `lockRange` as a `lockKind` one. */
  rangeOf(name: string, lockRange: string, lockKind: DependencyKind): string {
    const key = `${lockKind} ${name}`;
    const declared = this.declared.get(key);
    this.unmet.delete(key);
    if (declared === undefined) {
      this.differences.push(`${name} (${lockKind}) is no longer in it`);
      return lockRange;
    }
    if (declared.range !== lockRange)
      this.differences.push(`${name} is ${declared.range} there, ${lockRange} in the lock`);
    return declared.range;
  }

  /** One warning for every difference, or undefined when the lockfile matches the manifest. */
  staleness(): string | undefined {
    for (const { name, range, kind } of this.unmet.values())
      this.differences.push(`${name} ${range} (${kind}) is not in the lock`);
    return staleLockWarning(this.path, this.install, this.differences);
  }
}
