import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type Kysely, sql } from "kysely";
import { loadInventory } from "../../core/inventory/load-inventory.js";
import { toCycloneDx, toSpdx } from "../../core/sbom/index.js";
import { LOCKFILES } from "../../test-support/fixtures.js";
import type { Database } from "../db/schema.js";

/** A real lockfile fixture and its manifest, as a push sends them. */
export function lockfileUpload(dir: string, names = ["package-lock.json", "package.json"]) {
  return names.map((path) => ({ path, content: readFileSync(join(LOCKFILES, dir, path), "utf8") }));
}

const EXPORT = {
  toolVersion: "0.0.0-test",
  timestamp: "2024-01-01T00:00:00Z",
  serialNumber: "urn:uuid:00000000-0000-4000-8000-000000000000",
};

/** The SBOM `lk sbom` writes of a real lockfile fixture (CycloneDX 1.6 or SPDX 2.3 JSON). */
export function sbomOf(dir: string, format: "cyclonedx" | "spdx"): string {
  const inventory = loadInventory(join(LOCKFILES, dir), { cwd: LOCKFILES });
  return JSON.stringify(format === "cyclonedx" ? toCycloneDx(inventory, EXPORT) : toSpdx(inventory, EXPORT));
}

const TABLES = [
  "projects",
  "snapshots",
  "blobs",
  "snapshot_files",
  "components",
  "snapshot_components",
  "findings",
  "audit_log",
] as const;

/** Rows in every table a push writes: equal before and after a refused push. */
export async function tableCounts(db: Kysely<Database>): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of TABLES) {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db);
    counts[table] = rows[0]?.n ?? -1;
  }
  return counts;
}
