import type { Finding, SeverityLevel } from "../../core/findings/types.js";
import { CHANGE_KINDS, type ChangeKind } from "../../core/history/dependency-changes.js";
import type { LockfileDiff } from "../../core/history/inventory-changes.js";

/** Where one side of a diff came from, as reports show it. */
export interface DiffSideInfo {
  /** As given on the command line; "working tree" for the default head. */
  label: string;
  kind: "revision" | "path" | "working-tree";
  /** The commit a revision named. */
  commit?: string;
}

/** Everything a diff output format renders, assembled once by `lk diff`. */
export interface DiffReport {
  toolVersion: string;
  base: DiffSideInfo;
  head: DiffSideInfo;
  /** Every lockfile of either side, unchanged ones included. */
  lockfiles: LockfileDiff[];
  summary: Record<ChangeKind, number>;
  vulnerabilities: {
    /** False when no advisory database could be opened (then the lists are empty). */
    checked: boolean;
    database?: { location: string; updatedAt: string };
    introduced: Finding[];
    fixed: Finding[];
  };
  failOnNew?: SeverityLevel;
  /** Introduced findings at or above --fail-on-new and not ignored: what makes the diff exit 1. */
  failing: Finding[];
  warnings: string[];
}

/** Counts of each kind of change over every lockfile. */
export function summariseChanges(lockfiles: readonly LockfileDiff[]): Record<ChangeKind, number> {
  const summary = Object.fromEntries(CHANGE_KINDS.map((kind) => [kind, 0])) as Record<ChangeKind, number>;
  for (const lockfile of lockfiles) for (const change of lockfile.changes) summary[change.kind]++;
  return summary;
}

/** `main (3f2a1b0c9d)`, `old/package-lock.json`, `working tree`. */
export function sideText(side: DiffSideInfo): string {
  return side.commit && !side.commit.startsWith(side.label)
    ? `${side.label} (${side.commit.slice(0, 10)})`
    : side.label;
}

/** `3 added, 1 removed, 5 upgraded` (kinds with no change left out), or "no change". */
export function summaryText(summary: Record<ChangeKind, number>): string {
  const parts = CHANGE_KINDS.filter((kind) => summary[kind] > 0).map((kind) => `${summary[kind]} ${kind}`);
  return parts.length > 0 ? parts.join(", ") : "no change";
}
