import { inventoryDocument } from "../../core/app/documents/inventory-document.js";
import { inventoryReport } from "../../core/app/inventory.js";
import { unreadableLockfiles } from "../../core/inventory/load-inventory.js";
import type { ScopeFilter } from "../../core/inventory/scope-filter.js";
import { cliContext } from "../context.js";
import { EXIT } from "../exit-codes.js";
import type { CliIo } from "../io.js";
import { coverageNotice, unreadableNotice } from "../output/coverage.js";
import { renderInventoryCsv, renderInventoryTable } from "../output/inventory.js";
import { renderJson } from "../output/json.js";
import { stdoutTerminal } from "../terminal.js";

export interface InventoryOptions {
  format: string;
  scope?: string;
  config?: string;
  /** The table format lists every package after the summary. */
  packages?: boolean;
}

export async function inventoryCommand(
  io: CliIo,
  target: string,
  options: InventoryOptions,
): Promise<number> {
  const report = inventoryReport(cliContext(io), {
    target,
    ...(options.scope ? { scope: options.scope as ScopeFilter } : {}),
    ...(options.config ? { configFile: options.config } : {}),
  });
  const { inventory } = report;
  if (options.format === "json") {
    io.stdout(renderJson(inventoryDocument(report)));
    io.stderr(coverageNotice(inventory.snapshots));
  } else if (options.format === "csv") {
    io.stdout(renderInventoryCsv(inventory));
    io.stderr(coverageNotice(inventory.snapshots));
  } else {
    io.stdout(
      renderInventoryTable(inventory, { packages: options.packages === true, terminal: stdoutTerminal(io) }),
    );
  }
  // A lockfile that could not be read: the others are listed, and the command says it is incomplete.
  const unreadable = unreadableLockfiles(inventory);
  io.stderr(unreadableNotice(unreadable));
  return unreadable.length > 0 ? EXIT.INPUT : EXIT.OK;
}
