import { printable } from "../../core/files/printable.js";
import type { UnreadableLockfile } from "../../core/inventory/load-inventory.js";
import type { Snapshot } from "../../core/model/types.js";
import { plural } from "./plural.js";

/**
 * The coverage section: what each parser could not read. Shown after every table so an unparsed
 * entry is visible in CI logs; returns "" when everything was read.
 */
export function renderCoverage(snapshots: readonly Snapshot[], maxListed = 20): string {
  const parts: string[] = [];
  for (const snapshot of snapshots) {
    const { entries, parsed, skipped, warnings, unreadable, incomplete } = snapshot.coverage;
    if (unreadable) {
      parts.push(
        `${snapshot.lockfile.path}: NOT READ${unreadable.line ? ` (line ${unreadable.line})` : ""}: ${unreadable.reason}`,
      );
      continue;
    }
    if (skipped.length === 0 && warnings.length === 0 && incomplete === undefined) continue;
    const lines = [`${snapshot.lockfile.path}: parsed ${parsed} of ${plural(entries, "entry", "entries")}`];
    if (incomplete !== undefined) lines.push(`  incomplete: ${incomplete}`);
    for (const entry of skipped.slice(0, maxListed)) {
      lines.push(`  skipped ${entry.entry}${entry.line ? ` (line ${entry.line})` : ""}: ${entry.reason}`);
    }
    if (skipped.length > maxListed)
      lines.push(`  … and ${skipped.length - maxListed} more skipped (see --format json)`);
    for (const warning of warnings.slice(0, maxListed)) lines.push(`  warning: ${warning}`);
    if (warnings.length > maxListed) lines.push(`  … and ${warnings.length - maxListed} more warnings`);
    parts.push(lines.join("\n"));
  }
  // Reasons and warnings quote lockfile content: a binary file's bytes are shown escaped.
  return parts.length === 0 ? "" : `\nCoverage:\n${printable(parts.join("\n"))}\n`;
}

/** One stderr line for machine formats, whose stdout must stay parseable. */
export function coverageNotice(snapshots: readonly Snapshot[]): string {
  const skipped = snapshots.reduce((sum, s) => sum + s.coverage.skipped.length, 0);
  const incomplete = snapshots.filter((s) => s.coverage.incomplete !== undefined).map((s) => s.lockfile.path);
  return (
    (skipped === 0
      ? ""
      : `lk: warning: ${skipped} lockfile entries could not be read (see "coverage" in the output)\n`) +
    (incomplete.length === 0
      ? ""
      : `lk: warning: ${incomplete.join(", ")} may not pin every dependency (see "coverage.incomplete" in the output)\n`)
  );
}

/**
 * The closing lines of a command whose lockfiles could not all be read (the others were handled),
 * one per unread file: the command then exits 2. Empty when every lockfile was read.
 */
export function unreadableNotice(unreadable: readonly UnreadableLockfile[]): string {
  return unreadable
    .map(
      (u) =>
        `lk: error: ${printable(`${u.path}${u.line ? `:${u.line}` : ""}: not read: ${u.reason}`)}; the result covers the other lockfiles\n`,
    )
    .join("");
}
