import { filterInventory, type ScopeFilter } from "../inventory/scope-filter.js";
import type { Inventory } from "../model/types.js";
import type { AppContext } from "./context.js";
import { openProject, withConfigFile } from "./project.js";

export interface InventoryRequest {
  target: string;
  /** Default: config `inventory.scope`. */
  scope?: ScopeFilter;
  configFile?: string;
}

export interface InventoryReport {
  inventory: Inventory;
  scope: ScopeFilter;
  toolVersion: string;
}

/** Every package of every lockfile under the target (or of one lockfile or SBOM), in a scope. */
export function inventoryReport(context: AppContext, request: InventoryRequest): InventoryReport {
  const { config, inventory } = openProject(context, request.target, withConfigFile(request.configFile));
  const scope = request.scope ?? (config.inventory.scope as ScopeFilter);
  return { inventory: filterInventory(inventory, scope), scope, toolVersion: context.toolVersion };
}
