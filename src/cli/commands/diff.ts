import { diffProject } from "../../core/app/diff.js";
import type { SeverityLevel } from "../../core/findings/types.js";
import { cliContext } from "../context.js";
import { EXIT } from "../exit-codes.js";
import type { CliIo } from "../io.js";
import { renderDiff } from "../output/diff-formats.js";
import { stdoutTerminal } from "../terminal.js";

export interface DiffCommandOptions {
  format: string;
  /** Project directory: revisions come from its repository, the default head is its working tree. */
  dir?: string;
  db?: string;
  failOnNew?: string;
  config?: string;
}

/**
 * `lk diff <base> [<head>]`: packages added, removed and changed between two revisions or files (head
 * defaults to the working tree), with the vulnerabilities introduced and fixed and licence changes.
 * Exit 1 when --fail-on-new is given and the head adds a (not ignored) vulnerability at or above it.
 */
export async function diffCommand(
  io: CliIo,
  base: string,
  head: string | undefined,
  options: DiffCommandOptions,
): Promise<number> {
  const report = await diffProject(cliContext(io), {
    base,
    ...(head !== undefined ? { head } : {}),
    ...(options.dir !== undefined ? { dir: options.dir } : {}),
    ...(options.db ? { db: options.db } : {}),
    ...(options.failOnNew !== undefined ? { failOnNew: options.failOnNew as SeverityLevel } : {}),
    ...(options.config ? { configFile: options.config } : {}),
  });
  io.stdout(renderDiff(report, options.format, stdoutTerminal(io)));
  if (options.format !== "table") {
    for (const warning of report.warnings) io.stderr(`lk: warning: ${warning}\n`);
    const failing = report.failing.length;
    if (failing > 0)
      io.stderr(
        `lk: ${failing} vulnerabilit${failing === 1 ? "y" : "ies"} introduced at or above --fail-on-new ${report.failOnNew}\n`,
      );
  }
  return report.failing.length > 0 ? EXIT.FINDINGS : EXIT.OK;
}
