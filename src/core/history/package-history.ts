import { adapterFor } from "../ecosystems/index.js";
import type { CommitInfo } from "../git/commit-info.js";
import type { Ecosystem } from "../model/types.js";
import type { ChangeKind, PackageSide } from "./dependency-changes.js";
import type { HistoryResult } from "./history.js";

/** One change of one package, with the commit that made it. */
export interface PackageEvent {
  commit: CommitInfo;
  /** The lockfile's path at that commit. */
  lockfile: string;
  kind: ChangeKind;
  from?: PackageSide;
  to?: PackageSide;
}

/** A package's story in one lockfile (followed across renames of the lockfile). */
export interface PackageTrail {
  ecosystem: Ecosystem;
  name: string;
  displayName: string;
  /** The lockfile's latest path. */
  lockfile: string;
  /** The change that first brought the package into this lockfile. */
  firstEntered?: PackageEvent;
  /** Every change, oldest first (the first entry included). */
  events: PackageEvent[];
  /** Versions installed at the end of the history (several when npm nests copies); empty when removed. */
  current: PackageSide[];
  /** The change that removed the last copy, when the package is gone at the end. */
  removed?: PackageEvent;
}

/**
 * Every lockfile's story of one package: when it first entered (commit, author, date), every
 * version change since, and its removal. The name is matched in each ecosystem's normal form
 * (`Flask_SQLAlchemy` finds `flask-sqlalchemy`).
 */
export function packageHistory(result: HistoryResult, name: string): PackageTrail[] {
  const wanted = new Map<Ecosystem, string>();
  const lineageOf = new Map<string, number>();
  const latestPath: string[] = [];
  const trails = new Map<string, PackageTrail>();
  for (const { commit, lockfiles } of result.entries) {
    for (const entry of lockfiles) {
      if (entry.event === "renamed" && entry.previousPath !== undefined) {
        const lineage = lineageOf.get(entry.previousPath);
        lineageOf.delete(entry.previousPath);
        if (lineage !== undefined) lineageOf.set(entry.lockfile, lineage);
      }
      let lineage = lineageOf.get(entry.lockfile);
      if (lineage === undefined || entry.event === "added") {
        lineage = latestPath.length;
        lineageOf.set(entry.lockfile, lineage);
      }
      latestPath[lineage] = entry.lockfile;
      if (entry.event === "removed") lineageOf.delete(entry.lockfile);
      for (const change of entry.changes) {
        let normalised = wanted.get(change.ecosystem);
        if (normalised === undefined) {
          normalised = adapterFor(change.ecosystem).normaliseName(name);
          wanted.set(change.ecosystem, normalised);
        }
        if (change.name !== normalised) continue;
        const key = `${lineage}\u0000${change.ecosystem}`;
        let trail = trails.get(key);
        if (!trail) {
          trail = {
            ecosystem: change.ecosystem,
            name: change.name,
            displayName: change.displayName,
            lockfile: entry.lockfile,
            events: [],
            current: [],
          };
          trails.set(key, trail);
        }
        const event: PackageEvent = { commit, lockfile: entry.lockfile, kind: change.kind };
        if (change.from) event.from = change.from;
        if (change.to) event.to = change.to;
        trail.events.push(event);
        trail.displayName = change.displayName;
        applyEvent(trail, event);
      }
    }
  }
  return [...trails.entries()]
    .map(([key, trail]) => ({
      ...trail,
      lockfile: latestPath[Number(key.split("\u0000")[0])] ?? trail.lockfile,
    }))
    .sort(
      (a, b) =>
        (a.lockfile < b.lockfile ? -1 : a.lockfile > b.lockfile ? 1 : 0) ||
        (a.ecosystem < b.ecosystem ? -1 : 1),
    );
}

/** Keeps `current`, `firstEntered` and `removed` in step with one more event. */
function applyEvent(trail: PackageTrail, event: PackageEvent): void {
  if (event.kind === "added") trail.firstEntered ??= event;
  if (event.from) {
    const gone = trail.current.findIndex(
      (side) => side.version === event.from?.version && side.requirement === event.from?.requirement,
    );
    if (gone >= 0) trail.current.splice(gone, 1);
  }
  if (event.to) trail.current.push(event.to);
  if (trail.current.length === 0) trail.removed = event;
  else delete trail.removed;
}
