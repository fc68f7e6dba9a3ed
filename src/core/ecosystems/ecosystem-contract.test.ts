import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importOsv } from "../advisories/store/import.js";
import { inventoryReport } from "../app/inventory.js";
import { licensesReport } from "../app/licenses.js";
import { outdatedReport } from "../app/outdated.js";
import { sbomReport } from "../app/sbom.js";
import { scanProject } from "../app/scan.js";
import { testContext } from "../app/test-support/test-context.js";
import { registerEcosystem } from "./index.js";
import { toyAdapter } from "./test-support/toy/index.js";

/**
 * The ecosystem interface is complete when an ecosystem that lives in one folder of its own (the
 * toy ecosystem under test-support, registered here) works with every use case built on the
 * interface, with no change anywhere else: inventory, SBOM, scan, licences and outdated.
 */
const TOY_LOCK = `# toy.lock
widget 1.2 MIT prod >=1.0
gadget 2.0 Apache-2.0 dev >=2.0 <3
gizmo 0.9 - prod >=0.5 <1
`;

const PUBLISHED = {
  widget: [
    { version: "1.0", license: "MIT", publishedAt: "2024-01-01T00:00:00Z" },
    { version: "1.2", license: "MIT", publishedAt: "2024-02-01T00:00:00Z" },
    { version: "1.3", license: "MIT", publishedAt: "2024-03-01T00:00:00Z" },
    { version: "1.5", license: "MIT", publishedAt: "2024-04-01T00:00:00Z" },
    { version: "2.0-pre", license: "MIT", publishedAt: "2024-05-01T00:00:00Z" },
  ],
  gadget: [{ version: "2.0", license: "Apache-2.0", publishedAt: "2024-01-01T00:00:00Z" }],
  gizmo: [
    { version: "0.9", license: "BSD-3-Clause", publishedAt: "2023-01-01T00:00:00Z" },
    { version: "1.0", license: "BSD-3-Clause", publishedAt: "2024-06-01T00:00:00Z" },
  ],
};

const ADVISORY = {
  schema_version: "1.6.0",
  id: "TOY-2024-1",
  modified: "2024-03-02T00:00:00Z",
  aliases: ["CVE-2024-99999"],
  summary: "widget lets anyone in",
  affected: [
    {
      package: { ecosystem: "Toy", name: "Widget" },
      ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "1.0" }, { fixed: "1.3" }] }],
    },
  ],
  database_specific: { severity: "HIGH" },
};

let work = "";
let project = "";
let db = "";
let unregister: () => void = () => undefined;

beforeAll(() => {
  unregister = registerEcosystem(toyAdapter(PUBLISHED));
  work = mkdtempSync(join(tmpdir(), "lk-toy-"));
  project = join(work, "project");
  mkdirSync(project);
  writeFileSync(join(project, "toy.lock"), TOY_LOCK);
  const records = join(work, "records");
  mkdirSync(records);
  writeFileSync(join(records, "TOY-2024-1.json"), JSON.stringify(ADVISORY));
  db = join(work, "db");
  const imported = importOsv(db, records);
  expect(imported.added).toBe(1);
});

afterAll(() => {
  unregister();
  rmSync(work, { recursive: true, force: true });
});

describe("an ecosystem registered from its own folder", () => {
  it("is read into the inventory, with purls and scopes from the graph", () => {
    const { inventory } = inventoryReport(testContext(project), { target: "." });
    const [snapshot] = inventory.snapshots;
    expect(snapshot?.lockfile).toMatchObject({ path: "toy.lock", format: "toy-lock", ecosystem: "toy" });
    expect(snapshot?.packages.map((p) => [p.purl, p.scope, p.direct])).toEqual([
      ["pkg:toy/gadget@2.0", "dev", true],
      ["pkg:toy/gizmo@0.9", "prod", true],
      ["pkg:toy/widget@1.2", "prod", true],
    ]);
  });

  it("goes into an SBOM", async () => {
    const { document } = await sbomReport(testContext(project), { target: ".", format: "cyclonedx" });
    const components = (document as { components: { name: string; purl: string }[] }).components;
    expect(components.map((c) => c.purl)).toContain("pkg:toy/widget@1.2");
  });

  it("is scanned against its own advisories, with the fix its versions give", async () => {
    const report = await scanProject(testContext(project), { target: ".", db });
    expect(report.checked).toBe(3);
    expect(report.findings.map((f) => [f.id, f.package.name, f.package.version, f.severity.level])).toEqual([
      ["CVE-2024-99999", "widget", "1.2", "high"],
    ]);
    expect(report.findings[0]?.fix).toMatchObject({ version: "1.3", fitsDeclaredRange: true });
    expect(report.failing).toEqual([]);
  });

  it("has its licences read from the lockfile, and from its registry on request", async () => {
    const offline = await licensesReport(testContext(project), { target: "." });
    const byName = (report: typeof offline) =>
      Object.fromEntries(
        report.report.packages.map((p) => [p.name, [p.license.expression, p.license.source.kind]]),
      );
    expect(byName(offline)).toEqual({
      gadget: ["Apache-2.0", "lockfile"],
      gizmo: [undefined, "none"],
      widget: ["MIT", "lockfile"],
    });
    const online = await licensesReport(testContext(project), { target: ".", registry: true });
    expect(byName(online).gizmo).toEqual(["BSD-3-Clause", "registry"]);
  });

  it("reports outdated packages by its own version order and pick", async () => {
    const report = await outdatedReport(testContext(project), { target: "." });
    expect(report.entries.map((e) => [e.name, e.installed, e.wanted, e.latest, e.jump])).toEqual([
      ["gizmo", "0.9", "0.9", "1.0", "major"],
      ["widget", "1.2", "1.5", "1.5", "minor"],
    ]);
    expect(report.warnings).toEqual([]);
  });
});
