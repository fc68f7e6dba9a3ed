import { describe, expect, it } from "vitest";
import { isLockkeeperError } from "../errors.js";
import { MemoryFiles } from "../files/project-files.js";
import { compareText } from "../model/package-order.js";
import type { Edge, Inventory, PackageNode, Snapshot } from "../model/types.js";
import { toCycloneDx } from "./cyclonedx-export.js";
import { cycloneDxParser } from "./cyclonedx-import.js";
import { toSpdx } from "./spdx-export.js";
import { spdxParser } from "./spdx-import.js";
import {
  npmSnapshot,
  poetrySnapshot,
  requirementsInSnapshot,
  SHA,
  sampleInventory,
} from "./test-support/sample-inventory.js";

const OPTIONS = { toolVersion: "0.1.0", timestamp: "2024-05-01T12:00:00Z" };

/** Export, serialise, import: what a user of `lk sbom` then `lk inventory bom.json` gets. */
const FORMATS = [
  {
    name: "CycloneDX",
    path: "out/bom.cdx.json",
    formatVersion: "1.6",
    roundTrip: (inventory: Inventory) =>
      cycloneDxParser.parse({
        path: "out/bom.cdx.json",
        content: JSON.stringify(toCycloneDx(inventory, OPTIONS), null, 2),
        files: new MemoryFiles({}),
      }),
    // CycloneDX edges carry no kind.
    edgeKinds: false,
  },
  {
    name: "SPDX",
    path: "out/bom.spdx.json",
    formatVersion: "SPDX-2.3",
    roundTrip: (inventory: Inventory) =>
      spdxParser.parse({
        path: "out/bom.spdx.json",
        content: JSON.stringify(toSpdx(inventory, OPTIONS), null, 2),
        files: new MemoryFiles({}),
      }),
    edgeKinds: true,
  },
];

/** What must survive the trip; locations and the lockfile description legitimately change. */
function comparable(pkg: PackageNode) {
  return {
    id: pkg.id,
    ecosystem: pkg.ecosystem,
    name: pkg.name,
    displayName: pkg.displayName,
    version: pkg.version,
    requirement: pkg.requirement,
    scope: pkg.scope,
    direct: pkg.direct,
    source: pkg.source,
    hashes: [...pkg.hashes].sort((a, b) => compareText(a.algorithm + a.value, b.algorithm + b.value)),
    license: pkg.license,
    markers: pkg.markers,
    aliases: pkg.aliases,
  };
}

function edgeList(edges: readonly Edge[], kinds: boolean): string[] {
  return edges.map((e) => `${e.from} -> ${e.to}${kinds ? ` (${e.kind})` : ""}`).sort(compareText);
}

/** Formats without a graph mark direct packages by hint; in an SBOM they hang off the project. */
function expectedEdges(snapshot: Snapshot): Edge[] {
  const rootTargets = new Set(snapshot.edges.filter((e) => e.from.startsWith("root:")).map((e) => e.to));
  const added = snapshot.packages
    .filter((p) => p.direct && !rootTargets.has(p.id))
    .map((p): Edge => ({ from: "root:.", to: p.id, kind: p.scope }));
  return [...snapshot.edges, ...added];
}

const SNAPSHOTS = [
  { name: "npm with a workspace", make: npmSnapshot, packages: 10 },
  { name: "poetry.lock", make: poetrySnapshot, packages: 7 },
  { name: "requirements.in without a graph", make: requirementsInSnapshot, packages: 5 },
];

for (const format of FORMATS) {
  describe(`${format.name} round trip`, () => {
    for (const sample of SNAPSHOTS) {
      describe(sample.name, () => {
        const original = sample.make();
        const imported = format.roundTrip({ target: "/home/demo/demo-app", snapshots: [original] });

        it("gives back the same packages, scopes, hashes and sources", () => {
          expect(imported.packages).toHaveLength(sample.packages);
          expect(imported.packages.map(comparable)).toEqual(original.packages.map(comparable));
        });

        it("gives back the same edges", () => {
          expect(edgeList(imported.edges, format.edgeKinds)).toEqual(
            edgeList(expectedEdges(original), format.edgeKinds),
          );
        });

        it("gives back the roots (an unnamed project is named after the target)", () => {
          expect(imported.roots).toEqual(
            original.roots.map((r) => (r.name ? r : { ...r, name: "demo-app" })),
          );
        });

        it("describes the SBOM and accounts for every entry", () => {
          expect(imported.lockfile).toEqual({
            path: format.path,
            format: format.name === "SPDX" ? "spdx" : "cyclonedx",
            ecosystem: "mixed",
            formatVersion: format.formatVersion,
            manifests: [],
          });
          expect(imported.coverage).toEqual({
            entries: sample.packages,
            parsed: sample.packages,
            skipped: [],
            warnings: [],
          });
        });
      });
    }

    describe("three snapshots merged", () => {
      const imported = format.roundTrip(sampleInventory());
      const pkg = (id: string) => imported.packages.find((p) => p.id === id);

      it("has one package per purl", () => {
        expect(imported.packages).toHaveLength(20);
        expect(imported.packages.filter((p) => p.ecosystem === "npm")).toHaveLength(10);
      });

      it.each([
        ["pypi:django@4.2.11", "prod", true, 3],
        ["pypi:pytest@8.1.1", "dev", true, 0],
        ["pypi:typing-extensions@4.10.0", "optional", true, 0],
        ["pypi:requests@>=2.31", "dev", true, 0],
        ["pypi:black@==24.*", "dev", true, 0],
        ["npm:react@18.2.0", "peer", true, 0],
        ["npm:jest-util@30.2.0", "dev", false, 1],
        ["npm:lodash@4.17.11", "prod", true, 2],
      ])("%s is %s (direct %s) with %i hashes", (id, scope, direct, hashes) => {
        expect(pkg(id)?.scope).toBe(scope);
        expect(pkg(id)?.direct).toBe(direct);
        expect(pkg(id)?.hashes).toHaveLength(hashes);
      });

      it("unites the hashes of a package from two lockfiles", () => {
        expect(
          pkg("pypi:django@4.2.11")
            ?.hashes.map((h) => h.value)
            .sort(),
        ).toEqual([SHA.djangoWheel, SHA.djangoSdist, SHA.djangoExtra].sort());
      });

      it("keeps the workspace member as a root", () => {
        expect(imported.roots).toEqual([
          { id: "root:.", path: ".", name: "demo-app", version: "1.2.0" },
          { id: "root:packages/ui", path: "packages/ui", name: "@demo/ui", version: "0.1.0" },
        ]);
      });
    });
  });
}

describe("both formats agree", () => {
  it("on the merged inventory", () => {
    const [cyclonedx, spdx] = FORMATS.map((f) => f.roundTrip(sampleInventory()));
    expect(spdx?.packages.map(comparable)).toEqual(cyclonedx?.packages.map(comparable));
    expect(edgeList(spdx?.edges ?? [], false)).toEqual(edgeList(cyclonedx?.edges ?? [], false));
  });
});

describe("truncated SBOMs", () => {
  const documents = [
    { parser: cycloneDxParser, content: JSON.stringify(toCycloneDx(sampleInventory(), OPTIONS), null, 2) },
    { parser: spdxParser, content: JSON.stringify(toSpdx(sampleInventory(), OPTIONS), null, 2) },
  ];

  it.each(documents.map((d) => [d.parser.format, d] as const))(
    "%s: fail with a PARSE error naming the file and line",
    (_format, { parser, content }) => {
      for (const fraction of [0.05, 0.37, 0.5, 0.93, 0.999]) {
        const cut = content.slice(0, Math.floor(content.length * fraction));
        try {
          parser.parse({ path: "cut.json", content: cut, files: new MemoryFiles({}) });
          expect.unreachable();
        } catch (error: unknown) {
          expect(isLockkeeperError(error), String(error)).toBe(true);
          if (!isLockkeeperError(error)) continue;
          expect(error.code).toBe("PARSE");
          expect(error.file).toBe("cut.json");
          expect(error.line).toBe(cut.split("\n").length);
        }
      }
    },
  );
});
