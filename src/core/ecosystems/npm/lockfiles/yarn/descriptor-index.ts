import { canonicalRange, type Descriptor, splitDescriptor, withoutBindings } from "./descriptors.js";

/**
 * What a descriptor resolves to: a package node, a workspace (a root, not a package), or an
 * entry that was skipped (and reported) as unreadable.
 */
export type LockTarget = { kind: "package" | "root" | "skipped"; id: string };

/** One `resolutions` rule of the root manifest (`a`, `a@^1`, `parent/a`, `**\/a`). */
export interface ResolutionRule {
  pattern: string;
  parent?: string;
  name: string;
  range?: string;
  replacement: string;
}

/**
 * Finds the entry a dependency resolves to. yarn looks a dependency up by the exact `name@range`
 * it declares, and so do we; a looser second key absorbs the spelling differences between
 * berry's lockfile keys (`a@npm:^1`, `::locator=` bindings) and the dependency lists and
 * manifests that refer to them (`^1`). Root `resolutions` are the last resort: berry keys an
 * overridden dependency by its replacement, not by what the package asked for.
 */
export class DescriptorIndex {
  // name → range → target: nested maps spare building (and hashing) a `name@range` string per
  // lookup, which is most of the cost on a lockfile with thousands of dependencies.
  private readonly exact = new Map<string, Map<string, LockTarget>>();
  private readonly loose = new Map<string, Map<string, LockTarget>>();
  /** Descriptors listed by two entries; yarn would never write one, so it is worth a warning. */
  readonly duplicates: string[] = [];

  constructor(private readonly rules: readonly ResolutionRule[] = []) {}

  add(descriptor: Descriptor, target: LockTarget): void {
    const { name, range } = descriptor;
    const exact = rangesOf(this.exact, name);
    const existing = exact.get(range);
    if (existing) {
      if (existing.id !== target.id) this.duplicates.push(`${name}@${range}`);
      return;
    }
    exact.set(range, target);
    const loose = rangesOf(this.loose, name);
    const looseRange = looseRangeOf(range);
    if (!loose.has(looseRange)) loose.set(looseRange, target);
  }

  /** The target of `name@range` as declared by the package `from` (undefined for roots). */
  resolve(name: string, range: string, from?: string): LockTarget | undefined {
    const found = this.lookup(name, range);
    if (found) return found;
    for (const rule of this.rules) {
      if (rule.name !== name || (rule.parent !== undefined && rule.parent !== from)) continue;
      if (rule.range !== undefined && canonicalRange(rule.range) !== canonicalRange(range)) continue;
      const replaced = this.lookup(name, rule.replacement);
      if (replaced) return replaced;
    }
    return undefined;
  }

  private lookup(name: string, range: string): LockTarget | undefined {
    return this.exact.get(name)?.get(range) ?? this.loose.get(name)?.get(looseRangeOf(range));
  }
}

function rangesOf(index: Map<string, Map<string, LockTarget>>, name: string): Map<string, LockTarget> {
  let ranges = index.get(name);
  if (!ranges) {
    ranges = new Map();
    index.set(name, ranges);
  }
  return ranges;
}

function looseRangeOf(range: string): string {
  return canonicalRange(withoutBindings(range));
}

/**
 * Parses a manifest's `resolutions`. Patterns are `name`, `name@range`, `parent/name` and
 * classic's `**\/name` / `parent/**\/name`; scoped names span two path segments.
 * @returns the rules and the patterns that are not one of these forms.
 */
export function parseResolutions(resolutions: Record<string, string>): {
  rules: ResolutionRule[];
  invalid: string[];
} {
  const rules: ResolutionRule[] = [];
  const invalid: string[] = [];
  for (const [pattern, replacement] of Object.entries(resolutions)) {
    const segments: string[] = [];
    const parts = pattern.split("/");
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] as string;
      if (part === "**" || part === "") continue;
      if (part.startsWith("@") && !part.includes("@", 1) && i + 1 < parts.length) {
        segments.push(`${part}/${parts[++i]}`);
      } else segments.push(part);
    }
    const last = segments.pop();
    if (!last || segments.length > 1) {
      invalid.push(pattern);
      continue;
    }
    const target = splitDescriptor(last);
    const rule: ResolutionRule = target
      ? { pattern, name: target.name, range: target.range, replacement }
      : { pattern, name: last, replacement };
    const parent = segments[0];
    if (parent !== undefined) rule.parent = splitDescriptor(parent)?.name ?? parent;
    rules.push(rule);
  }
  return { rules, invalid };
}
