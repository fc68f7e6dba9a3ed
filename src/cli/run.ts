import { Command, CommanderError } from "commander";
import { isLockkeeperError } from "../core/errors.js";
import { EXIT, exitCodeFor } from "./exit-codes.js";
import type { CliIo } from "./io.js";
import { registerChangeCommands } from "./program/change-commands.js";
import { registerComplianceCommands } from "./program/compliance-commands.js";
import { registerInventoryCommands } from "./program/inventory-commands.js";
import type { Action, SetAction } from "./program/set-action.js";
import { registerUpdateCommands } from "./program/update-commands.js";
import { registerVulnerabilityCommands } from "./program/vulnerability-commands.js";
import { toolVersion } from "./version.js";

/**
 * Runs the CLI with arguments (without `node lk`) and returns the exit code. Never throws: input
 * errors become one clear message and exit code 2 (3 for the advisory database); anything else is a
 * bug and is reported as one, with the stack only when LK_DEBUG is set.
 */
export async function run(argv: string[], io: CliIo): Promise<number> {
  let action: Action | undefined;
  const program = buildProgram(io, (a) => {
    action = a;
  });
  try {
    await program.parseAsync(argv, { from: "user" });
    return action ? await action() : EXIT.OK;
  } catch (error: unknown) {
    return reportError(error, io);
  }
}

function buildProgram(io: CliIo, setAction: SetAction): Command {
  const program = new Command("lk")
    .description("Lockkeeper: know, secure and account for every dependency of a project (npm and Python).")
    .version(toolVersion(), "-V, --version")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .addHelpText(
      "after",
      `
Exit codes: 0 success, 1 findings or policy violations, 2 usage or input error,
            3 advisory database missing or too old.
Configuration: lockkeeper.yaml in the project directory or a parent (see 'lk config --help').`,
    );

  registerInventoryCommands(program, io, setAction);
  registerVulnerabilityCommands(program, io, setAction);
  registerChangeCommands(program, io, setAction);
  registerComplianceCommands(program, io, setAction);
  registerUpdateCommands(program, io, setAction);
  return program;
}

function reportError(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) {
    // Commander already printed the message (help, version, or a usage error).
    return error.exitCode === 0 ? EXIT.OK : EXIT.INPUT;
  }
  if (isLockkeeperError(error)) {
    io.stderr(`lk: error: ${error.describe()}\n`);
    return exitCodeFor(error.code);
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(
    `lk: internal error: ${message}\nThis is a bug in Lockkeeper; please report it with the command you ran.\n`,
  );
  if (io.env.LK_DEBUG && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
  return EXIT.INTERNAL;
}
