import { adapterFor } from "../ecosystems/index.js";
import type { Ecosystem, PackageSource, Scope, Snapshot } from "../model/types.js";

/** What a diff needs of a package: a PackageNode fits, and so does the compact form history keeps. */
export interface PackageState {
  ecosystem: Ecosystem;
  name: string;
  displayName: string;
  version?: string;
  requirement?: string;
  scope: Scope;
  direct: boolean;
  license?: string;
  /** Where it comes from; history keeps it only for packages without a version (git, URL, path installs). */
  source?: PackageSource;
}

/**
 * added / removed: the name (or one more version of it) appears or goes; upgraded / downgraded: a
 * version replaced by a higher or lower one; changed: same version, but scope or direct flag (or,
 * for unpinned inputs, the declared requirement) differs.
 */
export type ChangeKind = "added" | "removed" | "upgraded" | "downgraded" | "changed";
export const CHANGE_KINDS: readonly ChangeKind[] = ["added", "removed", "upgraded", "downgraded", "changed"];

/** One side of a change. */
export interface PackageSide {
  version?: string;
  requirement?: string;
  scope: Scope;
  direct: boolean;
  license?: string;
  /** Present only when there is no version: the git, URL or path the package is installed from. */
  source?: PackageSource;
}

export interface PackageChange {
  kind: ChangeKind;
  ecosystem: Ecosystem;
  name: string;
  displayName: string;
  /** Absent for an addition. */
  from?: PackageSide;
  /** Absent for a removal. */
  to?: PackageSide;
}

/** A package of the base paired with its counterpart in the head (either may be missing). */
export interface PackagePair<P extends PackageState = PackageState> {
  before?: P;
  after?: P;
}

/** The compact form of a snapshot's packages: what history keeps per lockfile between commits. */
export function packageStates(snapshot: Snapshot): PackageState[] {
  return snapshot.packages.map((p) => {
    const state: PackageState = {
      ecosystem: p.ecosystem,
      name: p.name,
      displayName: p.displayName,
      scope: p.scope,
      direct: p.direct,
    };
    if (p.version !== undefined) state.version = p.version;
    if (p.requirement !== undefined) state.requirement = p.requirement;
    if (p.license !== undefined) state.license = p.license;
    if (p.version === undefined) state.source = p.source;
    return state;
  });
}

/** The changes from one snapshot to another (either may be absent: a lockfile added or deleted). */
export function diffSnapshots(before: Snapshot | undefined, after: Snapshot | undefined): PackageChange[] {
  return diffPackages(before?.packages ?? [], after?.packages ?? []);
}

/** Changes between two package lists, sorted by ecosystem, name, then version. */
export function diffPackages(
  before: readonly PackageState[],
  after: readonly PackageState[],
): PackageChange[] {
  const changes: PackageChange[] = [];
  for (const pair of pairPackages(before, after)) {
    const change = describePair(pair);
    if (change) changes.push(change);
  }
  return changes;
}

/**
 * Pairs the packages of two lists by ecosystem and name. A name can be installed in several versions
 * (npm nests them): identical versions pair first, then the rest pair by the smallest distance —
 * same major version first, then nearest in the ecosystem's ordering — so `1.0 → 1.1` and
 * `2.0 → 2.3` read as two upgrades, not as `1.0 → 2.3` plus noise. Leftovers are additions or removals.
 */
export function pairPackages<P extends PackageState>(
  before: readonly P[],
  after: readonly P[],
): PackagePair<P>[] {
  const groups = new Map<string, { before: P[]; after: P[] }>();
  const group = (p: P) => {
    const key = `${p.ecosystem}\u0000${p.name}`;
    let found = groups.get(key);
    if (!found) {
      found = { before: [], after: [] };
      groups.set(key, found);
    }
    return found;
  };
  for (const p of before) group(p).before.push(p);
  for (const p of after) group(p).after.push(p);
  const pairs: PackagePair<P>[] = [];
  for (const key of [...groups.keys()].sort()) {
    const { before: b, after: a } = groups.get(key) as { before: P[]; after: P[] };
    if (b.length === 1 && a.length === 1) pairs.push({ before: b[0], after: a[0] });
    else pairs.push(...pairGroup(b, a));
  }
  return pairs;
}

function pairGroup<P extends PackageState>(before: P[], after: P[]): PackagePair<P>[] {
  const pairs: PackagePair<P>[] = [];
  const restAfter = [...after];
  const restBefore: P[] = [];
  for (const b of before) {
    const same = restAfter.findIndex((a) => versionKey(a) === versionKey(b));
    if (same >= 0) pairs.push({ before: b, after: restAfter.splice(same, 1)[0] });
    else restBefore.push(b);
  }
  if (restBefore.length > 0 && restAfter.length > 0) {
    const eco = (restBefore[0] as P).ecosystem;
    const ranked = [...new Set([...restBefore, ...restAfter].map(versionKey))].sort((x, y) =>
      compareVersions(eco, x, y),
    );
    const rank = new Map(ranked.map((v, i) => [v, i]));
    const candidates: { b: number; a: number; cost: number }[] = [];
    restBefore.forEach((b, bi) => {
      restAfter.forEach((a, ai) => {
        const majorPenalty = major(versionKey(b)) === major(versionKey(a)) ? 0 : ranked.length;
        const distance = Math.abs((rank.get(versionKey(b)) ?? 0) - (rank.get(versionKey(a)) ?? 0));
        candidates.push({ b: bi, a: ai, cost: majorPenalty + distance });
      });
    });
    candidates.sort((x, y) => x.cost - y.cost || x.b - y.b || x.a - y.a);
    const usedB = new Set<number>();
    const usedA = new Set<number>();
    for (const { b, a } of candidates) {
      if (usedB.has(b) || usedA.has(a)) continue;
      usedB.add(b);
      usedA.add(a);
      pairs.push({ before: restBefore[b], after: restAfter[a] });
    }
    restBefore.forEach((b, i) => {
      if (!usedB.has(i)) pairs.push({ before: b });
    });
    restAfter.forEach((a, i) => {
      if (!usedA.has(i)) pairs.push({ after: a });
    });
  } else {
    for (const b of restBefore) pairs.push({ before: b });
    for (const a of restAfter) pairs.push({ after: a });
  }
  const ecosystem = ((before[0] ?? after[0]) as P).ecosystem;
  const label = (pair: PackagePair<P>) => versionKey((pair.before ?? pair.after) as P);
  return pairs.sort((x, y) => compareVersions(ecosystem, label(x), label(y)));
}

/** The change a pair makes, or undefined when both sides are the same. */
export function describePair(pair: PackagePair): PackageChange | undefined {
  const { before, after } = pair;
  const base = (before ?? after) as PackageState;
  const change = {
    ecosystem: base.ecosystem,
    name: base.name,
    displayName: (after ?? before ?? base).displayName,
  } as const;
  if (!before) return { kind: "added", ...change, to: side(after as PackageState) };
  if (!after) return { kind: "removed", ...change, from: side(before) };
  const kind = pairKind(before, after);
  return kind ? { kind, ...change, from: side(before), to: side(after) } : undefined;
}

function pairKind(before: PackageState, after: PackageState): ChangeKind | undefined {
  if (before.version !== undefined && after.version !== undefined && before.version !== after.version) {
    const order = compareVersions(before.ecosystem, before.version, after.version);
    if (order < 0) return "upgraded";
    if (order > 0) return "downgraded";
    return "changed"; // equal in the ecosystem's ordering, spelled differently (PEP 440 `1.0` and `1.0.0`)
  }
  if (versionKey(before) !== versionKey(after)) return "changed";
  if (before.scope !== after.scope || before.direct !== after.direct) return "changed";
  return undefined;
}

function side(p: PackageState): PackageSide {
  const s: PackageSide = { scope: p.scope, direct: p.direct };
  if (p.version !== undefined) s.version = p.version;
  if (p.requirement !== undefined) s.requirement = p.requirement;
  if (p.license !== undefined) s.license = p.license;
  if (p.version === undefined && p.source !== undefined) s.source = p.source;
  return s;
}

/** A package's version; without one, its declared requirement or the URL it is installed from. */
export function versionKey(p: { version?: string; requirement?: string; source?: PackageSource }): string {
  if (p.version !== undefined) return p.version;
  if (p.requirement !== undefined) return `(${p.requirement})`;
  return p.source?.url ?? "";
}

/** The ecosystem's version ordering; plain string order when either side is not a valid version. */
export function compareVersions(ecosystem: Ecosystem, a: string, b: string): number {
  if (a === b) return 0;
  const scheme = adapterFor(ecosystem).versioning;
  if (scheme.isValid(a) && scheme.isValid(b)) return scheme.compare(a, b);
  return a < b ? -1 : 1;
}

function major(version: string): string {
  return /\d+/.exec(version)?.[0] ?? version;
}
