import { type SbomFormat, sbomReport } from "../../core/app/sbom.js";
import { LockkeeperError } from "../../core/errors.js";
import { unreadableLockfiles } from "../../core/inventory/load-inventory.js";
import type { ScopeFilter } from "../../core/inventory/scope-filter.js";
import { cliContext } from "../context.js";
import { EXIT } from "../exit-codes.js";
import type { CliIo } from "../io.js";
import { coverageNotice, unreadableNotice } from "../output/coverage.js";
import { renderJson } from "../output/json.js";
import { writeOutputFile } from "../output/write-output.js";

export interface SbomOptions {
  format: string;
  output?: string;
  scope?: string;
  /** The same bytes for the same input (also on when SOURCE_DATE_EPOCH is set). */
  reproducible?: boolean;
  /** Only what is installed in the project (node_modules, site-packages), not all that is locked. */
  installed?: boolean;
}

export async function sbomCommand(io: CliIo, target: string, options: SbomOptions): Promise<number> {
  const epoch = sourceDateEpoch(io.env.SOURCE_DATE_EPOCH);
  const reproducible = epoch !== undefined || options.reproducible === true;
  const report = await sbomReport(cliContext(io), {
    target,
    format: options.format as SbomFormat,
    ...(options.scope ? { scope: options.scope as ScopeFilter } : {}),
    // --reproducible without SOURCE_DATE_EPOCH: the Unix epoch, a fixed moment that says so.
    ...(reproducible ? { reproducible: { epochSeconds: epoch ?? 0 } } : {}),
    ...(options.installed ? { installed: true } : {}),
  });
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

/** SOURCE_DATE_EPOCH (reproducible-builds.org): whole seconds since 1970-01-01T00:00:00Z. */
function sourceDateEpoch(value: string | undefined): number | undefined {
  if (value === undefined || value === "") return undefined;
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value)))
    throw new LockkeeperError(
      "USAGE",
      `SOURCE_DATE_EPOCH must be whole seconds since 1970-01-01 (e.g. $(git log -1 --format=%ct)), not "${value}"`,
    );
  return Number(value);
}
