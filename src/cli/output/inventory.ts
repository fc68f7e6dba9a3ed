import { summarise } from "../../core/inventory/scope-filter.js";
import type { Inventory, PackageNode, Snapshot } from "../../core/model/types.js";
import { renderCoverage } from "./coverage.js";
import { renderCsv } from "./csv.js";
import { renderTable } from "./table.js";

export function renderInventoryTable(inventory: Inventory): string {
  const summary = renderTable(
    [
      { header: "LOCKFILE", value: (s: Snapshot) => s.lockfile.path },
      { header: "ECOSYSTEM", value: (s) => s.lockfile.ecosystem },
      { header: "FORMAT", value: (s) => `${s.lockfile.format} ${s.lockfile.formatVersion}` },
      { header: "PACKAGES", value: (s) => String(s.packages.length), align: "right" },
      ...(["prod", "dev", "optional", "peer"] as const).map((scope) => ({
        header: scope.toUpperCase(),
        value: (s: Snapshot) => String(summarise(s.packages).byScope[scope]),
        align: "right" as const,
      })),
      { header: "DIRECT", value: (s) => String(summarise(s.packages).direct), align: "right" },
      { header: "TRANSITIVE", value: (s) => String(summarise(s.packages).transitive), align: "right" },
      { header: "READ", value: (s) => `${s.coverage.parsed}/${s.coverage.entries}`, align: "right" },
    ],
    inventory.snapshots,
  );
  const rows = inventory.snapshots.flatMap((snapshot) => snapshot.packages.map((pkg) => ({ snapshot, pkg })));
  const packages = renderTable(
    [
      { header: "PACKAGE", value: (r: { snapshot: Snapshot; pkg: PackageNode }) => r.pkg.displayName },
      { header: "VERSION", value: (r) => versionText(r.pkg) },
      { header: "SCOPE", value: (r) => r.pkg.scope },
      { header: "TYPE", value: (r) => (r.pkg.direct ? "direct" : "transitive") },
      { header: "SOURCE", value: (r) => r.pkg.source.kind },
      ...(inventory.snapshots.length > 1
        ? [{ header: "LOCKFILE", value: (r: { snapshot: Snapshot }) => r.snapshot.lockfile.path }]
        : []),
    ],
    rows,
  );
  return `${summary}\n${packages}${renderCoverage(inventory.snapshots)}`;
}

export function renderInventoryCsv(inventory: Inventory): string {
  const header = [
    "lockfile",
    "ecosystem",
    "name",
    "display_name",
    "version",
    "scope",
    "direct",
    "source",
    "purl",
  ];
  const rows = inventory.snapshots.flatMap((snapshot) =>
    snapshot.packages.map((pkg) => [
      snapshot.lockfile.path,
      pkg.ecosystem,
      pkg.name,
      pkg.displayName,
      pkg.version ?? "",
      pkg.scope,
      pkg.direct ? "true" : "false",
      pkg.source.kind,
      pkg.purl,
    ]),
  );
  return renderCsv(header, rows);
}

function versionText(pkg: PackageNode): string {
  return pkg.version ?? (pkg.requirement ? `(${pkg.requirement})` : "(unpinned)");
}
