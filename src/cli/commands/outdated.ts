import { outdatedReport } from "../../core/app/outdated.js";
import { LockkeeperError } from "../../core/errors.js";
import { JUMP_CLASSES, type JumpClass } from "../../core/updates/jump.js";
import { cliContext } from "../context.js";
import { EXIT } from "../exit-codes.js";
import type { CliIo } from "../io.js";
import { unreadableNotice } from "../output/coverage.js";
import { renderOutdated } from "../output/outdated-formats.js";
import { stdoutTerminal } from "../terminal.js";

export interface OutdatedOptions {
  format: string;
  all?: boolean;
  config?: string;
  /** Exit 1 when an update of this class or bigger exists. */
  failOn?: string;
}

/**
 * `lk outdated`: installed, wanted and latest versions of each direct (or with --all every)
 * dependency, the jump class, the age of the newest release, deprecations and yanks.
 */
export async function outdatedCommand(io: CliIo, target: string, options: OutdatedOptions): Promise<number> {
  const failOn = parseFailOn(options.failOn);
  const report = await outdatedReport(cliContext(io), {
    target,
    all: options.all === true,
    ...(failOn ? { failOn } : {}),
    ...(options.config ? { configFile: options.config } : {}),
  });
  io.stdout(renderOutdated(report, options.format, stdoutTerminal(io)));
  for (const warning of report.warnings) io.stderr(`lk: warning: ${warning}\n`);
  io.stderr(unreadableNotice(report.unreadableLockfiles));
  if (report.notChecked) {
    // A gate that compared nothing has not passed: "could not check" (2).
    io.stderr(
      failOn
        ? `lk: error: nothing was compared (${report.notChecked}): --fail-on ${failOn} cannot pass\n`
        : `lk: warning: nothing was compared: ${report.notChecked}\n`,
    );
    if (failOn) return EXIT.INPUT;
  }
  if (report.unreadableLockfiles.length > 0) return EXIT.INPUT;
  return report.failing.length > 0 ? EXIT.FINDINGS : EXIT.OK;
}

function parseFailOn(value: string | undefined): JumpClass | undefined {
  if (value === undefined) return undefined;
  if ((JUMP_CLASSES as readonly string[]).includes(value)) return value as JumpClass;
  throw new LockkeeperError("USAGE", `--fail-on takes ${JUMP_CLASSES.join(", ")}, not "${value}"`);
}
