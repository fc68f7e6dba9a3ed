import { filterInventory, type ScopeFilter } from "../../core/inventory/scope-filter.js";
import { EXIT } from "../exit-codes.js";
import type { CliIo } from "../io.js";
import { coverageNotice } from "../output/coverage.js";
import { renderInventoryCsv, renderInventoryJson, renderInventoryTable } from "../output/inventory.js";
import { toolVersion } from "../version.js";
import { loadProject } from "./project.js";

export interface InventoryOptions {
  format: string;
  scope?: string;
  config?: string;
}

export async function inventoryCommand(
  io: CliIo,
  target: string,
  options: InventoryOptions,
): Promise<number> {
  const { config, inventory } = loadProject(io, target, options.config);
  const scope = (options.scope ?? config.inventory.scope) as ScopeFilter;
  const filtered = filterInventory(inventory, scope);
  if (options.format === "json") {
    io.stdout(renderInventoryJson(filtered, scope, toolVersion()));
    io.stderr(coverageNotice(filtered.snapshots));
  } else if (options.format === "csv") {
    io.stdout(renderInventoryCsv(filtered));
    io.stderr(coverageNotice(filtered.snapshots));
  } else {
    io.stdout(renderInventoryTable(filtered));
  }
  return EXIT.OK;
}
