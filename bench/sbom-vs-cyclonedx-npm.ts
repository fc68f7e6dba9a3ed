import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { timeProcess } from "./cli-startup.js";
import { LOCKFILES_DIR, REPO_ROOT } from "./fixtures.js";
import { type BenchRow, printRows } from "./measure.js";

const LK = join(REPO_ROOT, "dist/bundle/main.js");
const CYCLONEDX_NPM = join(REPO_ROOT, "node_modules/@cyclonedx/cyclonedx-npm/bin/cyclonedx-npm-cli.js");
const FIXTURES = ["npm/nodegoat-v1", "npm/nodegoat-v2", "npm/npm-cli-v3-workspaces", "npm/warehouse-v3"];

interface Bom {
  components?: { name: string; group?: string; version?: string; components?: Bom["components"] }[];
}

/** name@version of every component, nested ones included (cyclonedx-npm nests bundled packages). */
function componentSet(path: string): Set<string> {
  const set = new Set<string>();
  const walk = (components: Bom["components"]) => {
    for (const c of components ?? []) {
      set.add(`${c.group ? `${c.group}/` : ""}${c.name}@${c.version ?? ""}`);
      walk(c.components);
    }
  };
  walk((JSON.parse(readFileSync(path, "utf8")) as Bom).components);
  return set;
}

/**
 * `lk sbom` against `cyclonedx-npm --package-lock-only` on the same copy of each npm fixture:
 * both as fresh processes, and whether the two component sets agree.
 */
export function benchSbom(): BenchRow[] {
  const rows: BenchRow[] = [];
  for (const fixture of FIXTURES) {
    const dir = mkdtempSync(join(tmpdir(), "lk-bench-sbom-"));
    for (const file of ["package.json", "package-lock.json"])
      copyFileSync(join(LOCKFILES_DIR, fixture, file), join(dir, file));
    const ours = join(dir, "lk.cdx.json");
    const theirs = join(dir, "cyclonedx-npm.cdx.json");
    const lkMs = timeProcess([LK, "sbom", dir, "-o", ours], 3);
    const cdxMs = timeProcess(
      [
        CYCLONEDX_NPM,
        "--package-lock-only",
        "--output-format",
        "JSON",
        "--output-file",
        theirs,
        join(dir, "package.json"),
      ],
      1,
    );
    const a = componentSet(ours);
    const b = componentSet(theirs);
    const onlyOurs = [...a].filter((x) => !b.has(x));
    const onlyTheirs = [...b].filter((x) => !a.has(x));
    rows.push({
      name: `lk sbom ${fixture}`,
      ms: lkMs,
      baseline: { name: "cyclonedx-npm", ms: cdxMs },
      note: `components: lk ${a.size}, cyclonedx-npm ${b.size}; only lk ${onlyOurs.length}${onlyOurs.length ? ` (e.g. ${onlyOurs.slice(0, 3).join(", ")})` : ""}; only cyclonedx-npm ${onlyTheirs.length}${onlyTheirs.length ? ` (e.g. ${onlyTheirs.slice(0, 3).join(", ")})` : ""}`,
    });
    rmSync(dir, { recursive: true, force: true });
  }
  printRows("SBOM: lk sbom vs cyclonedx-npm --package-lock-only (fresh processes)", rows);
  return rows;
}
