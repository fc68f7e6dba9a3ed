import type { DiffSideInfo } from "../../core/app/diff.js";
import { CHANGE_KINDS, type ChangeKind } from "../../core/history/dependency-changes.js";

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
