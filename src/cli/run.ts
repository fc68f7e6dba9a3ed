import { Command, CommanderError } from "commander";
import { isLockkeeperError } from "../core/errors.js";
import { printable } from "../core/files/printable.js";
import { EXIT, exitCodeFor } from "./exit-codes.js";
import { withInterruption } from "./interruption.js";
import type { CliIo } from "./io.js";
import { ProgressLines } from "./output/progress-lines.js";
import { registerChangeCommands } from "./program/change-commands.js";
import { registerComplianceCommands } from "./program/compliance-commands.js";
import { registerInventoryCommands } from "./program/inventory-commands.js";
import { registerServerCommands } from "./program/server-commands.js";
import type { Action, ActionOptions, SetAction } from "./program/set-action.js";
import { registerUpdateCommands } from "./program/update-commands.js";
import { registerVulnerabilityCommands } from "./program/vulnerability-commands.js";
import { toolVersion } from "./version.js";

/**
 * Runs the CLI with arguments (without `node lk`) and returns the exit code. Never throws: input
 * errors become one clear message and exit code 2 (3 for the advisory database); anything else is a
 * bug and is reported as one, with the stack only when LK_DEBUG is set.
 */
export async function run(argv: string[], io: CliIo): Promise<number> {
  return (await runCommand(argv, io)).code;
}

/**
 * `run`, also telling which signal interrupted the command: the binary then ends by that signal
 * (after the command's clean-up), as a shell expects of an interrupted program.
 */
export async function runCommand(
  argv: string[],
  io: CliIo,
): Promise<{ code: number; signal?: NodeJS.Signals }> {
  let action: Action | undefined;
  let actionOptions: ActionOptions = {};
  const progress = new ProgressLines(io);
  // The command's own output first clears a progress line drawn on the terminal.
  const commandIo: CliIo = {
    ...io,
    stdout: (text) => {
      progress.clear();
      io.stdout(text);
    },
    stderr: (text) => {
      progress.clear();
      io.stderr(text);
    },
    progress,
  };
  const program = buildProgram(commandIo, (a, options = {}) => {
    action = a;
    actionOptions = options;
  });
  const unknown = unknownCommandBeforeHelp(program, argv);
  if (unknown !== undefined) {
    io.stderr(`lk: error: unknown command '${unknown}'\n(run with --help for usage)\n`);
    return { code: EXIT.INPUT };
  }
  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (error: unknown) {
    return { code: reportError(error, io) };
  }
  const command = action;
  if (!command) return { code: EXIT.OK };
  const stopsOnSignal = actionOptions.stopsOnSignal === true;
  const ended = await withInterruption(
    ({ signal, cleanup }) => {
      commandIo.signal = signal;
      commandIo.cleanup = cleanup;
      return command();
    },
    stopsOnSignal ? null : undefined,
  );
  progress.clear();
  if (ended.signal && !stopsOnSignal) {
    io.stderr(`lk: interrupted by ${ended.signal}; stopped and cleaned up\n`);
    return { code: EXIT.CANCELLED, signal: ended.signal };
  }
  return { code: ended.ok ? ended.value : reportError(ended.error, io) };
}

/**
 * With `--help`, commander shows the parent's help for a command word it does not know (`lk
 * frobnicate --help`, `lk db frobnicate --help`) and exits 0: a typo would look like a command
 * without help. The first such word, where a subcommand is expected; undefined otherwise.
 */
function unknownCommandBeforeHelp(program: Command, argv: readonly string[]): string | undefined {
  if (!argv.includes("--help") && !argv.includes("-h")) return undefined;
  let command = program;
  for (const word of argv) {
    if (word.startsWith("-") || command.commands.length === 0) return undefined;
    const next = command.commands.find((sub) => sub.name() === word || sub.aliases().includes(word));
    if (!next) return word === "help" ? undefined : word;
    command = next;
  }
  return undefined;
}

function buildProgram(io: CliIo, setAction: SetAction): Command {
  const program = new Command("lk")
    .description("Lockkeeper: know, secure and account for every dependency of a project (npm and Python).")
    .version(toolVersion(), "-V, --version")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput({
      writeOut: io.stdout,
      writeErr: io.stderr,
      // Usage errors read like every other error: "lk: error: unknown option '--frobnicate'".
      outputError: (message, write) => write(`lk: ${message}`),
    })
    .addHelpText(
      "after",
      `
Exit codes: 0 success, 1 findings or policy violations, 2 usage or input error, or nothing
            could be checked (never "passed"), 3 advisory database missing or too old.
Configuration: lockkeeper.yaml in the project directory or a parent (see 'lk config --help').`,
    );

  registerInventoryCommands(program, io, setAction);
  registerVulnerabilityCommands(program, io, setAction);
  registerChangeCommands(program, io, setAction);
  registerComplianceCommands(program, io, setAction);
  registerUpdateCommands(program, io, setAction);
  registerServerCommands(program, io, setAction);
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
  const message = printable(error instanceof Error ? error.message : String(error));
  io.stderr(
    `lk: internal error: ${message}\nThis is a bug in Lockkeeper; please report it with the command you ran.\n`,
  );
  if (io.env.LK_DEBUG && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
  return EXIT.INTERNAL;
}
