import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseToml } from "smol-toml";
import { parse as parseYaml } from "yaml";
import { lockfileParsers } from "../src/core/ecosystems/index.js";
import { DiskFiles } from "../src/core/files/project-files.js";
import { LOCKFILE_BENCH_CASES, LOCKFILES_DIR } from "./fixtures.js";
import { type BenchRow, measure, printRows } from "./measure.js";

/**
 * Parse-to-inventory time per real fixture, next to the cost of merely parsing the same bytes:
 * JSON.parse for JSON lockfiles (target ≤ 3×; bun.lock after a regex drops its trailing commas),
 * smol-toml for pylock.toml and pdm.lock (target ≤ 3×), the `yaml` package for pnpm (target ≥ 10×
 * faster), and an absolute 30 ms for yarn and the other Python locks of ~1 MB (scaled to the fixture's size).
 */
/** TOML formats measured against the TOML parser the pypi folder uses. */
const TOML_BASELINE_FORMATS = new Set(["pylock", "pdm-lock"]);

export function benchParseLockfiles(): BenchRow[] {
  const rows: BenchRow[] = [];
  for (const fixture of LOCKFILE_BENCH_CASES) {
    const parser = lockfileParsers().find((p) => p.format === fixture.format);
    if (!parser) continue;
    const base = join(LOCKFILES_DIR, fixture.dir);
    const content = readFileSync(join(base, fixture.lockfile), "utf8");
    const files = new DiskFiles(base);
    const ours = measure(() => parser.parse({ path: fixture.lockfile, content, files }));
    const kb = content.length / 1024;
    const name = `${fixture.dir}/${fixture.lockfile} (${kb.toFixed(0)} KB)`;
    const toml = TOML_BASELINE_FORMATS.has(fixture.format);
    if (fixture.format === "bun-lock" || toml) {
      // A regex is enough to time the baseline: it does not have to get commas in strings right.
      const baseline = toml
        ? measure(() => parseToml(content))
        : measure(() => JSON.parse(content.replace(/,(\s*[}\]])/g, "$1")));
      const baselineName = toml ? "smol-toml parse" : "strip commas + JSON.parse";
      rows.push({
        name,
        ms: ours.medianMs,
        baseline: { name: baselineName, ms: baseline.medianMs },
        target: { text: `≤ 3× ${baselineName}`, met: ours.medianMs / baseline.medianMs <= 3 },
      });
    } else if (content.trimStart().startsWith("{")) {
      const baseline = measure(() => JSON.parse(content));
      const ratio = ours.medianMs / baseline.medianMs;
      rows.push({
        name,
        ms: ours.medianMs,
        baseline: { name: "JSON.parse", ms: baseline.medianMs },
        target: { text: "≤ 3× JSON.parse", met: ratio <= 3 },
      });
    } else if (fixture.format === "pnpm-lock") {
      const baseline = measure(() => parseYaml(content), 5, 2);
      const speedup = baseline.medianMs / ours.medianMs;
      rows.push({
        name,
        ms: ours.medianMs,
        baseline: { name: "yaml.parse", ms: baseline.medianMs },
        target: { text: "≥ 10× faster than yaml.parse", met: speedup >= 10 },
        note: `${speedup.toFixed(1)}× faster`,
      });
    } else {
      // 30 ms per MB, the budget for ~1 MB yarn and Python locks.
      const budget = Math.max(1, (30 * content.length) / (1024 * 1024));
      rows.push({
        name,
        ms: ours.medianMs,
        target: { text: `≤ ${budget.toFixed(1)} ms (30 ms/MB)`, met: ours.medianMs <= budget },
      });
    }
  }
  printRows("Lockfile parse to inventory (median of 31 after 15 warm-up runs, in-process)", rows);
  return rows;
}
