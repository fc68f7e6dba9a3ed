import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { REPO_ROOT } from "./fixtures.js";
import { type BenchRow, printRows } from "./measure.js";

const BIN = join(REPO_ROOT, "dist/bundle/main.js");

/** Median wall time of a fresh process, as a user or CI starts it. */
export function timeProcess(args: string[], runs = 11): number {
  const times: number[] = [];
  for (let i = 0; i < runs + 1; i++) {
    const start = performance.now();
    const result = spawnSync(process.execPath, args, { cwd: REPO_ROOT, encoding: "utf8" });
    if (result.status !== 0) throw new Error(`${args.join(" ")} failed: ${result.stderr}`);
    if (i > 0) times.push(performance.now() - start); // the first run warms the file cache
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

/** `lk --version` and `lk --help` as fresh processes, next to a bare `node -e ""`. Target: < 150 ms. */
export function benchCliStartup(): BenchRow[] {
  const bare = timeProcess(["-e", ""]);
  const version = timeProcess([BIN, "--version"]);
  const help = timeProcess([BIN, "--help"]);
  const rows: BenchRow[] = [
    {
      name: "lk --version",
      ms: version,
      baseline: { name: "node -e ''", ms: bare },
      target: { text: "< 150 ms", met: version < 150 },
    },
    { name: "lk --help", ms: help, baseline: { name: "node -e ''", ms: bare } },
  ];
  printRows("CLI start-up (fresh process, median of 11)", rows);
  return rows;
}
