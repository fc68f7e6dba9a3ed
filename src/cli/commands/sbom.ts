import { type SbomFormat, sbomReport } from "../../core/app/sbom.js";
import { unreadableLockfiles } from "../../core/inventory/load-inventory.js";
import { cliContext } from "../context.js";
import { EXIT } from "../exit-codes.js";
import type { CliIo } from "../io.js";
import { coverageNotice, unreadableNotice } from "../output/coverage.js";
import { renderJson } from "../output/json.js";
import { writeOutputFile } from "../output/write-output.js";

export async function sbomCommand(
  io: CliIo,
  target: string,
  options: { format: string; output?: string },
): Promise<number> {
  const report = sbomReport(cliContext(io), target, options.format as SbomFormat);
  const text = renderJson(report.document);
  if (options.output) {
    await writeOutputFile(io.cwd, options.output, text);
    io.stderr(`wrote ${report.format === "spdx" ? "SPDX 2.3" : "CycloneDX 1.6"} SBOM to ${options.output}\n`);
  } else {
    io.stdout(text);
  }
  io.stderr(coverageNotice(report.inventory.snapshots));
  // An SBOM missing an unreadable lockfile's packages is written, but not passed as complete.
  const unreadable = unreadableLockfiles(report.inventory);
  io.stderr(unreadableNotice(unreadable));
  return unreadable.length > 0 ? EXIT.INPUT : EXIT.OK;
}
