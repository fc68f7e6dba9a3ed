/**
 * SBOMs of every real lockfile fixture, through the registered parsers: schema-valid in both
 * formats, and read back with the same purls and scopes.
 */
import { assert, describe, expect, it } from "vitest";
import { LOCKFILE_FIXTURES } from "../../test-support/fixtures.js";
import { validateCycloneDx, validateSpdx } from "../../test-support/json-schemas.js";
import { parseFixture } from "../../test-support/parse-fixture.js";
import { lockfileParsers } from "../ecosystems/index.js";
import { MemoryFiles } from "../files/project-files.js";
import type { Inventory, Snapshot } from "../model/types.js";
import { toCycloneDx } from "./cyclonedx-export.js";
import { cycloneDxParser } from "./cyclonedx-import.js";
import { toSpdx } from "./spdx-export.js";
import { spdxParser } from "./spdx-import.js";

const OPTIONS = {
  toolVersion: "0.1.0",
  timestamp: "2024-05-01T12:00:00Z",
  serialNumber: "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
};

/** Scope per purl, merged the way the SBOM merges packages that share a purl. */
function scopesByPurl(snapshot: Snapshot): Map<string, string> {
  const rank = { prod: 0, optional: 1, peer: 2, dev: 3 };
  const scopes = new Map<string, keyof typeof rank>();
  for (const pkg of snapshot.packages) {
    const seen = scopes.get(pkg.purl);
    if (seen === undefined || rank[pkg.scope] < rank[seen]) scopes.set(pkg.purl, pkg.scope);
  }
  return new Map([...scopes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The inventories here hold one lockfile. */
function onlySnapshot(inventory: Inventory): Snapshot {
  const [snapshot] = inventory.snapshots;
  assert.exists(snapshot);
  return snapshot;
}

const importedScopes = (snapshot: Snapshot) =>
  new Map(snapshot.packages.map((p) => [p.purl, p.scope] as const));

for (const [format, fixtures] of Object.entries(LOCKFILE_FIXTURES)) {
  describe(`SBOM export of ${format}`, () => {
    for (const fixture of fixtures) {
      describe(`${fixture.dir}/${fixture.lockfile}`, () => {
        const parser = lockfileParsers().find((p) => p.format === format);
        const inventory = (): Inventory => {
          if (!parser) throw new Error(`no parser registered for ${format}`);
          return { target: fixture.dir, snapshots: [parseFixture(parser, fixture)] };
        };

        it("is valid CycloneDX 1.6 and reads back with the same purls and scopes", () => {
          const source = inventory();
          const bom = toCycloneDx(source, OPTIONS);
          const result = validateCycloneDx(bom);
          if (!result.valid) console.error(result.messages.slice(0, 20).join("\n"));
          expect(result.valid).toBe(true);
          const back = cycloneDxParser.parse({
            path: "bom.json",
            content: JSON.stringify(bom),
            files: new MemoryFiles({}),
          });
          expect(importedScopes(back)).toEqual(scopesByPurl(onlySnapshot(source)));
          expect(back.coverage.skipped).toEqual([]);
        });

        it("is valid SPDX 2.3 and reads back with the same purls and scopes", () => {
          const source = inventory();
          const doc = toSpdx(source, OPTIONS);
          const result = validateSpdx(doc);
          if (!result.valid) console.error(result.messages.slice(0, 20).join("\n"));
          expect(result.valid).toBe(true);
          for (const pkg of (doc as { packages: { SPDXID: string }[] }).packages) {
            expect(pkg.SPDXID).toMatch(/^SPDXRef-[a-zA-Z0-9.-]+$/);
          }
          const back = spdxParser.parse({
            path: "bom.spdx.json",
            content: JSON.stringify(doc),
            files: new MemoryFiles({}),
          });
          expect(importedScopes(back)).toEqual(scopesByPurl(onlySnapshot(source)));
        });
      });
    }
  });
}
