import { checkProjectImports } from "../../core/app/check-imports.js";
import { checkImportsDocument } from "../../core/app/documents/check-imports-document.js";
import { errorCount } from "../../core/imports/import-findings.js";
import { cliContext } from "../context.js";
import { EXIT } from "../exit-codes.js";
import type { CliIo } from "../io.js";
import { renderCheckImportsTable } from "../output/check-imports.js";
import { renderJson } from "../output/json.js";

export interface CheckImportsOptions {
  format: string;
  config?: string;
}

/** `lk check imports`: exit 1 when production code imports dev-only or undeclared packages. */
export async function checkImportsCommand(
  io: CliIo,
  dir: string,
  options: CheckImportsOptions,
): Promise<number> {
  const context = cliContext(io);
  const result = await checkProjectImports(
    context,
    dir,
    options.config ? { configFile: options.config } : {},
  );
  io.stdout(
    options.format === "json"
      ? renderJson(checkImportsDocument(result, context.toolVersion))
      : renderCheckImportsTable(result),
  );
  return errorCount(result) > 0 ? EXIT.FINDINGS : EXIT.OK;
}
