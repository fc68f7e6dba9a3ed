import { summarise } from "../../inventory/scope-filter.js";
import type { InventoryReport } from "../inventory.js";

/** Version of the inventory JSON document (docs/inventory-json.md); bumped only for incompatible changes. */
export const INVENTORY_DOCUMENT_VERSION = 1;

/** The versioned JSON document of an inventory, as `lk inventory -f json` prints it. */
export function inventoryDocument(report: InventoryReport) {
  const { inventory } = report;
  return {
    schemaVersion: INVENTORY_DOCUMENT_VERSION,
    tool: { name: "lockkeeper", version: report.toolVersion },
    target: inventory.target,
    scope: report.scope,
    lockfiles: inventory.snapshots.map((snapshot) => ({
      ...snapshot.lockfile,
      summary: summarise(snapshot.packages),
      coverage: snapshot.coverage,
      roots: snapshot.roots,
      packages: snapshot.packages,
      edges: snapshot.edges,
    })),
  };
}
