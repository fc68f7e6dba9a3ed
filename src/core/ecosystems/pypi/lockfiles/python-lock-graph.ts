import { strongerScope } from "../../../model/scopes.js";
import type { SnapshotBuilder } from "../../../model/snapshot-builder.js";
import type { DependencyKind } from "../../../model/types.js";
import { normalisePypiName } from "../names.js";

/** A dependency as a Python lockfile or manifest declares it, before it is matched to a locked package. */
export interface PythonDependency {
  /** Root id or package id of the declaring side. */
  from: string;
  /** Name as written; matched after PEP 503 normalisation. */
  name: string;
  kind: DependencyKind;
  range?: string;
  /** Extras requested on the target (`requests[socks]`). */
  extras?: readonly string[];
  /** Exact version the lockfile pins for this reference (uv writes it when a name is locked twice). */
  version?: string;
  /** Source key the lockfile pins for this reference (see `sourceKey` of candidates). */
  source?: string;
  /**
   * The declaring package's extras that pull this dependency in. Such an edge is `optional`
   * unless some edge into the declaring package asks for one of them (see effectiveKinds).
   */
  forExtras?: readonly string[];
  /** Environment markers guarding the reference: lockers may leave such references unlocked. */
  markers?: string;
}

interface Candidate {
  id: string;
  version?: string;
  source?: string;
  /** A workspace project: references to it are resolved (and may request its extras) but are not edges. */
  project?: boolean;
}

/**
 * Matches Python dependency references to locked packages and adds the edges.
 *
 * Two things need the whole file first, hence the collect-then-flush shape: several versions
 * of one name (locked for different environment markers) are told apart by pinned version,
 * source or declared range; and an extra's dependencies count as installed only when some
 * edge asks for that extra. Extras are tracked per package, not per path: a package asked for
 * `[x]` by one production package has its `x` dependencies wherever it is installed, which can
 * only widen a scope, never hide a package.
 */
export class PythonLockGraph {
  private readonly byName = new Map<string, Candidate[]>();
  private readonly dependencies: PythonDependency[] = [];

  /** @param satisfies version-range check used to choose among several locked versions; may throw. */
  constructor(private readonly satisfies: (version: string, range: string) => boolean) {}

  /** Registers a locked package that references can resolve to. */
  addCandidate(name: string, id: string, version?: string, source?: string): void {
    const candidate: Candidate = { id };
    if (version !== undefined) candidate.version = version;
    if (source !== undefined) candidate.source = source;
    this.register(name, candidate);
  }

  /**
   * Registers a workspace project that other projects may depend on. Such a reference is no
   * edge (edges point at packages; each project is a root of its own) but can switch on the
   * project's extras.
   */
  addProject(name: string, rootId: string): void {
    this.register(name, { id: rootId, project: true });
  }

  private register(name: string, candidate: Candidate): void {
    const key = normalisePypiName(name);
    const list = this.byName.get(key);
    if (list) list.push(candidate);
    else this.byName.set(key, [candidate]);
  }

  addDependency(dependency: PythonDependency): void {
    this.dependencies.push(dependency);
  }

  /** Adds every resolvable edge to the builder; returns the references no locked package matched. */
  flush(builder: SnapshotBuilder): PythonDependency[] {
    const targets = this.dependencies.map((dependency) => this.resolve(dependency));
    const kinds = this.effectiveKinds(targets);
    const unresolved: PythonDependency[] = [];
    this.dependencies.forEach((dependency, index) => {
      const resolved = targets[index] ?? [];
      if (resolved.length === 0) {
        unresolved.push(dependency);
        return;
      }
      const kind = kinds[index] ?? "optional";
      for (const to of resolved)
        if (!to.project && to.id !== dependency.from)
          builder.addEdge(dependency.from, to.id, kind, dependency.range);
    });
    return unresolved;
  }

  /**
   * The kind of each edge; undefined for an extra's dependency nobody switches on. An extra's
   * dependency takes the strongest kind among the edges asking for that extra, capped by its
   * own kind: `pytest-xdist[psutil]` asked for by a dev group makes xdist → psutil a dev edge,
   * so psutil stays dev even if xdist itself were production. Requests only strengthen kinds,
   * so iterating until nothing changes terminates (at most one change per rank per edge).
   */
  private effectiveKinds(targets: Candidate[][]): (DependencyKind | undefined)[] {
    const kinds = this.dependencies.map((d) => (d.forExtras ? undefined : d.kind));
    for (let changed = true; changed; ) {
      changed = false;
      const requested = new Map<string, Map<string, DependencyKind>>();
      this.dependencies.forEach((dependency, index) => {
        const kind = kinds[index];
        if (!kind || !dependency.extras?.length) return;
        for (const target of targets[index] ?? []) {
          let extras = requested.get(target.id);
          if (!extras) {
            extras = new Map();
            requested.set(target.id, extras);
          }
          for (const extra of dependency.extras) {
            const key = normalisePypiName(extra);
            const known = extras.get(key);
            extras.set(key, known ? strongerScope(known, kind) : kind);
          }
        }
      });
      this.dependencies.forEach((dependency, index) => {
        if (!dependency.forExtras) return;
        let best: DependencyKind | undefined;
        for (const extra of dependency.forExtras) {
          const kind = requested.get(dependency.from)?.get(normalisePypiName(extra));
          if (kind) best = best ? strongerScope(best, kind) : kind;
        }
        const next = best && weakerScope(dependency.kind, best);
        if (next !== kinds[index]) {
          kinds[index] = next;
          changed = true;
        }
      });
    }
    return kinds;
  }

  private resolve(dependency: PythonDependency): Candidate[] {
    let candidates = this.byName.get(normalisePypiName(dependency.name)) ?? [];
    // Each filter narrows only when it keeps something: a stale or unusual pin should still link
    // to the package by name rather than lose the edge.
    const narrow = (keep: (candidate: Candidate) => boolean): void => {
      if (candidates.length <= 1) return;
      const kept = candidates.filter(keep);
      if (kept.length > 0) candidates = kept;
    };
    if (dependency.version !== undefined) narrow((c) => c.version === dependency.version);
    if (dependency.source !== undefined) narrow((c) => c.source === dependency.source);
    const range = dependency.range;
    if (range !== undefined) narrow((c) => c.version !== undefined && this.safeSatisfies(c.version, range));
    return candidates;
  }

  private safeSatisfies(version: string, range: string): boolean {
    try {
      return this.satisfies(version, range);
    } catch {
      return false;
    }
  }
}

function weakerScope(a: DependencyKind, b: DependencyKind): DependencyKind {
  return strongerScope(a, b) === a ? b : a;
}
