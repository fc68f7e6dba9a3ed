import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FIXTURES, REPO_ROOT } from "../../../../test-support/fixtures.js";

/** The real advisory data (see fixtures/README.md). */
export const ADVISORIES = join(FIXTURES, "advisories");
/** 2,661 PYSEC records, YAML, one folder per package. */
export const PYPA_VULNS = join(ADVISORIES, "pypa/vulns");
/** 467 NSWG-ECO records, OSV JSON. */
export const NPM_OSV = join(ADVISORIES, "npm-osv");
/** The snapshot committed in the repository (built by scripts/build-advisory-snapshot.mjs). */
export const SHIPPED_DB = join(REPO_ROOT, "data/advisories");

/** The npm-osv records as `[file name, bytes]`, sorted by name. */
export function npmOsvFiles(): [string, Uint8Array][] {
  return readdirSync(NPM_OSV)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((name) => [name, readFileSync(join(NPM_OSV, name))]);
}

let shipped: Map<string, string> | undefined;

/**
 * Every real record (PyPI and npm) as minified JSON by id, read from the shipped snapshot's
 * records.bin — the same records as the YAML/JSON sources (the import test proves the snapshot is
 * a byte-exact build of them) without paying for 14 MB of YAML parsing in every test file.
 */
export function realRecordJson(): Map<string, string> {
  if (!shipped) {
    shipped = new Map();
    for (const line of readFileSync(join(SHIPPED_DB, "records.bin"), "utf8").split("\n")) {
      if (line === "") continue;
      shipped.set((JSON.parse(line) as { id: string }).id, line);
    }
  }
  return shipped;
}

const created: string[] = [];

/** A fresh temporary folder, removed by `removeTempDirs`. */
export function tempDir(prefix = "lk-advisories-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}
