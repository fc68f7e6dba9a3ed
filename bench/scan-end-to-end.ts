import { join } from "node:path";
import { timeProcess } from "./cli-startup.js";
import { LOCKFILES_DIR, REPO_ROOT } from "./fixtures.js";
import { type BenchRow, printRows } from "./measure.js";

const LK = join(REPO_ROOT, "dist/bundle/main.js");

/**
 * `lk scan` of a fixture as a fresh process (the shipped advisory snapshot, JSON output) next to a
 * bare node process that reads and JSON.parses the same lockfile. Target: under 3× the baseline.
 */
export function benchScanEndToEnd(): BenchRow[] {
  const rows: BenchRow[] = [];
  for (const fixture of ["npm/npm-cli-v3-workspaces", "npm/nodegoat-v2"]) {
    const dir = join(LOCKFILES_DIR, fixture);
    const lockfile = join(dir, "package-lock.json");
    const baseline = timeProcess([
      "-e",
      `JSON.parse(require("node:fs").readFileSync(${JSON.stringify(lockfile)}, "utf8"))`,
    ]);
    // --fail-on none: the fixtures have findings, and the timing helper expects exit 0.
    const scan = timeProcess([
      LK,
      "scan",
      dir,
      "--format",
      "json",
      "--fail-on",
      "none",
      "--db",
      join(REPO_ROOT, "data/advisories"),
    ]);
    rows.push({
      name: `lk scan ${fixture}`,
      ms: scan,
      baseline: { name: "node -e JSON.parse(lockfile)", ms: baseline },
      target: { text: "< 3× baseline", met: scan < 3 * baseline },
    });
  }
  printRows("lk scan end to end (fresh process, median of 11)", rows);
  return rows;
}
