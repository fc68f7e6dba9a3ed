import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { FIXTURES, REPO_ROOT } from "./fixtures.js";
import { type BenchRow, printRows } from "./measure.js";

const HISTORY_MODULE = pathToFileURL(join(REPO_ROOT, "dist/src/core/history/history.js")).href;
const PATHSPECS_MODULE = pathToFileURL(join(REPO_ROOT, "dist/src/core/history/watched-paths.js")).href;

const CASES = [
  {
    bundle: "warehouse-requirements.bundle",
    branch: "requirements-history",
    name: "warehouse requirements",
    targetMs: 60_000,
  },
  { bundle: "nodegoat-npm.bundle", branch: "dependency-history", name: "NodeGoat npm" },
];

interface ChildFigures {
  ms: number;
  stats: { commits: number; evaluations: number; parses: number; cacheHits: number; blobsRead: number };
  errors: number;
}

/**
 * `lk history`'s core over the real histories, in a fresh process each (as a user runs it), next to
 * the floor of any git-based approach measured in the same run: `git log --raw` of the same paths
 * plus `git cat-file --batch` of every blob it names. Target: the warehouse history under 60 s.
 */
export function benchHistory(): BenchRow[] {
  const rows: BenchRow[] = [];
  for (const c of CASES) {
    const dir = mkdtempSync(join(tmpdir(), "lk-bench-history-"));
    try {
      execFileSync("git", ["clone", "--quiet", "--branch", c.branch, join(FIXTURES, "git", c.bundle), dir]);
      const floor = gitFloor(dir);
      const load = loadavg()[0] ?? 0;
      const figures = runHistory(dir);
      const { stats } = figures;
      const row: BenchRow = {
        name: `${c.name}: ${stats.commits} commits`,
        ms: figures.ms,
        baseline: { name: "git log --raw + cat-file of every blob", ms: floor },
        note: `${stats.evaluations} lockfile versions, ${stats.parses} parsed, ${stats.cacheHits} from cache, ${stats.blobsRead} blobs read, ${figures.errors} unreadable; load ${load.toFixed(1)}`,
      };
      if (c.targetMs) row.target = { text: `< ${c.targetMs / 1000} s`, met: figures.ms < c.targetMs };
      rows.push(row);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  printRows("Dependency history from git (fresh process, one run each)", rows);
  return rows;
}

/** Runs dependencyHistory in a child process (it is asynchronous; benchmarks here are not). */
function runHistory(dir: string): ChildFigures {
  const script = `
    const { dependencyHistory } = await import(${JSON.stringify(HISTORY_MODULE)});
    const start = performance.now();
    const result = await dependencyHistory(${JSON.stringify(dir)}, { env: process.env });
    console.log(JSON.stringify({ ms: performance.now() - start, stats: result.stats, errors: result.errors.length }));
  `;
  const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
    encoding: "utf8",
    maxBuffer: 1 << 24,
  });
  if (child.status !== 0) throw new Error(`history bench failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as ChildFigures;
}

/** What reading the history costs git alone: one log with blob ids, one batch read of those blobs. */
function gitFloor(dir: string): number {
  const specs = spawnSync(
    process.execPath,
    [
      "--input-type=module",
      "-e",
      `const m = await import(${JSON.stringify(PATHSPECS_MODULE)}); console.log(JSON.stringify(m.watchedPathspecs("")));`,
    ],
    {
      encoding: "utf8",
    },
  );
  const pathspecs = JSON.parse(specs.stdout) as string[];
  const start = performance.now();
  const log = execFileSync(
    "git",
    [
      "log",
      "--first-parent",
      "--reverse",
      "--root",
      "--raw",
      "--no-abbrev",
      "-M",
      "--format=%H",
      "HEAD",
      "--",
      ...pathspecs,
    ],
    {
      cwd: dir,
      encoding: "utf8",
      maxBuffer: 1 << 28,
    },
  );
  const oids = new Set<string>();
  for (const line of log.split("\n")) {
    const newOid = line.startsWith(":") ? line.split(" ")[3] : undefined;
    if (newOid && !/^0+$/.test(newOid)) oids.add(newOid);
  }
  execFileSync("git", ["cat-file", "--batch"], {
    cwd: dir,
    input: `${[...oids].join("\n")}\n`,
    maxBuffer: 1 << 30,
  });
  return performance.now() - start;
}
