import { summarise } from "../../core/inventory/scope-filter.js";
import type { Inventory, PackageNode, Snapshot } from "../../core/model/types.js";
import { PLAIN, type Terminal } from "../terminal.js";
import { renderCoverage } from "./coverage.js";
import { renderCsv } from "./csv.js";
import { plural } from "./plural.js";
import { type Column, renderTable } from "./table.js";

/**
 * The human inventory: a summary first (each lockfile, then each ecosystem's packages by scope and
 * direct/transitive), and the package list only when asked for (`packages`): a real project has
 * thousands, which bury the summary; JSON and CSV always hold every package.
 */
export function renderInventoryTable(
  inventory: Inventory,
  options: { packages?: boolean; terminal?: Terminal } = {},
): string {
  const terminal = options.terminal ?? PLAIN;
  const parts = [lockfileTable(inventory, terminal)];
  // One lockfile: its row already is the whole summary.
  if (inventory.snapshots.length > 1) parts.push(ecosystemTable(inventory, terminal));
  if (options.packages) parts.push(packageTable(inventory, terminal));
  else
    parts.push(
      `${totalLine(inventory)}\nList every package with --packages (-p), or as -f json or -f csv.\n`,
    );
  return `${parts.join("\n")}${renderCoverage(inventory.snapshots)}`;
}

const SCOPES = ["prod", "dev", "optional", "peer"] as const;

/** Columns of counts shared by the lockfile and ecosystem tables. */
function countColumns<Row>(packagesOf: (row: Row) => readonly PackageNode[]): Column<Row>[] {
  return [
    { header: "PACKAGES", value: (r) => String(packagesOf(r).length), align: "right" },
    ...SCOPES.map((scope) => ({
      header: scope.toUpperCase(),
      value: (r: Row) => String(summarise(packagesOf(r)).byScope[scope]),
      align: "right" as const,
    })),
    { header: "DIRECT", value: (r) => String(summarise(packagesOf(r)).direct), align: "right" },
    { header: "TRANSITIVE", value: (r) => String(summarise(packagesOf(r)).transitive), align: "right" },
  ];
}

function lockfileTable(inventory: Inventory, terminal: Terminal): string {
  return renderTable(
    [
      { header: "LOCKFILE", value: (s: Snapshot) => s.lockfile.path },
      { header: "ECOSYSTEM", value: (s) => s.lockfile.ecosystem, keep: true },
      { header: "FORMAT", value: (s) => `${s.lockfile.format} ${s.lockfile.formatVersion}`, keep: true },
      ...countColumns((s: Snapshot) => s.packages),
      { header: "READ", value: (s) => `${s.coverage.parsed}/${s.coverage.entries}`, align: "right" },
    ],
    inventory.snapshots,
    terminal,
  );
}

interface EcosystemRow {
  ecosystem: string;
  lockfiles: number;
  packages: PackageNode[];
}

/** Each ecosystem's packages over all its lockfiles, and a total row when there are several. */
function ecosystemTable(inventory: Inventory, terminal: Terminal): string {
  const rows = new Map<string, EcosystemRow>();
  for (const snapshot of inventory.snapshots) {
    const ecosystem = snapshot.lockfile.ecosystem;
    const row = rows.get(ecosystem) ?? { ecosystem, lockfiles: 0, packages: [] };
    row.lockfiles++;
    row.packages.push(...snapshot.packages);
    rows.set(ecosystem, row);
  }
  const list = [...rows.values()];
  if (list.length > 1)
    list.push({
      ecosystem: "total",
      lockfiles: inventory.snapshots.length,
      packages: list.flatMap((r) => r.packages),
    });
  return renderTable(
    [
      { header: "ECOSYSTEM", value: (r: EcosystemRow) => r.ecosystem },
      { header: "LOCKFILES", value: (r) => String(r.lockfiles), align: "right" },
      ...countColumns((r: EcosystemRow) => r.packages),
    ],
    list,
    terminal,
  );
}

function totalLine(inventory: Inventory): string {
  const packages = inventory.snapshots.reduce((sum, s) => sum + s.packages.length, 0);
  const lockfiles = inventory.snapshots.length;
  return `${plural(packages, "package")} in ${plural(lockfiles, "lockfile")}.`;
}

function packageTable(inventory: Inventory, terminal: Terminal): string {
  const rows = inventory.snapshots.flatMap((snapshot) => snapshot.packages.map((pkg) => ({ snapshot, pkg })));
  return renderTable(
    [
      {
        header: "PACKAGE",
        value: (r: { snapshot: Snapshot; pkg: PackageNode }) => r.pkg.displayName,
        keep: true,
      },
      { header: "VERSION", value: (r) => versionText(r.pkg) },
      { header: "SCOPE", value: (r) => r.pkg.scope, keep: true },
      { header: "TYPE", value: (r) => (r.pkg.direct ? "direct" : "transitive"), keep: true },
      { header: "SOURCE", value: (r) => r.pkg.source.kind, keep: true },
      ...(inventory.snapshots.length > 1
        ? [{ header: "LOCKFILE", value: (r: { snapshot: Snapshot }) => r.snapshot.lockfile.path }]
        : []),
    ],
    rows,
    terminal,
  );
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
