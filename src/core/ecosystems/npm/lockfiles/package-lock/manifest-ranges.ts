import type { ProjectFiles } from "../../../../files/project-files.js";
import type { DependencyKind } from "../../../../model/types.js";
import { isObject, visitDeclaredDependencies } from "./declared-deps.js";
import { NpmOverrides } from "./overrides.js";

interface Declared {
  range: string;
  kind: DependencyKind;
}

/**
 * What a root's package.json declares, against the copy of it that the lockfile's root entry
 * keeps. npm installs from package.json: when someone edits it without running `npm install`, the
 * lockfile's copy is stale, so the manifest's ranges win (`npm outdated` wants what package.json
 * allows) and every difference is collected for one warning.
 */
export class ManifestRanges {
  private readonly seen = new Set<string>();
  private readonly differences: string[] = [];

  private constructor(
    readonly path: string,
    private readonly declared: ReadonlyMap<string, Declared>,
    /** Its `overrides` (npm reads the project's only). */
    readonly overrides: NpmOverrides | undefined,
  ) {}

  /** The package.json at `path`; undefined when there is none or it is unusable (the lock is used as is). */
  static read(files: ProjectFiles, path: string): ManifestRanges | undefined {
    const text = files.readText(path);
    if (text === undefined) return undefined;
    let manifest: unknown;
    try {
      manifest = JSON.parse(text);
    } catch {
      return undefined;
    }
    if (!isObject(manifest)) return undefined;
    const declared = new Map<string, Declared>();
    visitDeclaredDependencies(manifest, true, (name, range, kind) => declared.set(name, { range, kind }));
    const specs = new Map([...declared].map(([name, { range }]) => [name, range]));
    return new ManifestRanges(path, declared, NpmOverrides.read(manifest, specs));
  }

  /** The range to use for a dependency the lockfile's root entry declares with `lockRange`. */
  rangeOf(name: string, lockRange: string, lockKind: DependencyKind): string {
    this.seen.add(name);
    const declared = this.declared.get(name);
    if (declared === undefined) {
      this.differences.push(`${name} is no longer in it`);
      return lockRange;
    }
    if (declared.range !== lockRange)
      this.differences.push(`${name} is ${declared.range} there, ${lockRange} in the lock`);
    else if (declared.kind !== lockKind)
      this.differences.push(`${name} is ${declared.kind} there, ${lockKind} in the lock`);
    return declared.range;
  }

  /** One warning for every difference, or undefined when the lockfile matches the manifest. */
  staleness(): string | undefined {
    for (const [name, { range }] of this.declared)
      if (!this.seen.has(name)) this.differences.push(`${name} ${range} is not in the lock`);
    const count = this.differences.length;
    if (count === 0) return undefined;
    const shown = this.differences.slice(0, 5).join("; ");
    return `out of date with ${this.path} (npm install updates it): ${shown}${count > 5 ? `; and ${count - 5} more` : ""}`;
  }
}
