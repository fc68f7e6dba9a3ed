import { Command, CommanderError, Option } from "commander";
import { isLockkeeperError } from "../core/errors.js";
import { EXIT, exitCodeFor } from "./exit-codes.js";
import type { CliIo } from "./io.js";
import { toolVersion } from "./version.js";

/** A command's body: returns the exit code. Modules are imported on use to keep start-up fast. */
type Action = () => Promise<number>;

/**
 * Runs the CLI with arguments (without `node lk`) and returns the exit code. Never throws: input
 * errors become one clear message and exit code 2 (3 for the advisory database); anything else is a
 * bug and is reported as one, with the stack only when LK_DEBUG is set.
 */
export async function run(argv: string[], io: CliIo): Promise<number> {
  if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-V")) {
    io.stdout(`${toolVersion()}\n`);
    return EXIT.OK;
  }
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

function buildProgram(io: CliIo, setAction: (action: Action) => void): Command {
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

  program
    .command("inventory")
    .description("List every dependency of a project: per lockfile summary, then the packages.")
    .argument("[target]", "project directory (all lockfiles below it), a lockfile, or an SBOM (CycloneDX/SPDX JSON)", ".")
    .addOption(new Option("-f, --format <format>", "output format").choices(["table", "json", "csv"]).default("table"))
    .addOption(new Option("-s, --scope <scope>", "packages to list (default: the config's inventory.scope, else all)").choices(["prod", "dev", "all"]))
    .option("-c, --config <file>", "config file (default: lockkeeper.yaml found upward from the target)")
    .addHelpText(
      "after",
      `
Formats: table (human), json (stable, documented in docs/inventory-json.md), csv (one row per package).
Examples:
  lk inventory                       every lockfile under the current directory
  lk inventory --scope prod -f json  production packages as JSON
  lk inventory bom.cdx.json          an SBOM read as an inventory`,
    )
    .action((target: string, options: { format: string; scope?: string; config?: string }) => {
      setAction(async () => (await import("./commands/inventory.js")).inventoryCommand(io, target, options));
    });

  program
    .command("why")
    .description("Show every path from a project root to a package, with the scope of each step.")
    .argument("<package>", "package name, optionally with a version (name@1.2.3)")
    .argument("[target]", "project directory, lockfile or SBOM", ".")
    .addOption(new Option("-f, --format <format>", "output format").choices(["table", "json"]).default("table"))
    .option("--limit <n>", "most paths to show per package version", "20")
    .action((name: string, target: string, options: { format: string; limit: string }) => {
      setAction(async () => (await import("./commands/why.js")).whyCommand(io, name, target, options));
    });

  program
    .command("sbom")
    .description("Write a software bill of materials: CycloneDX 1.6 or SPDX 2.3 JSON.")
    .argument("[target]", "project directory, lockfile or SBOM", ".")
    .addOption(new Option("-f, --format <format>", "SBOM format").choices(["cyclonedx", "spdx"]).default("cyclonedx"))
    .option("-o, --output <file>", "write to a file instead of standard output")
    .action((target: string, options: { format: string; output?: string }) => {
      setAction(async () => (await import("./commands/sbom.js")).sbomCommand(io, target, options));
    });

  const config = program.command("config").description("Check the project configuration or print its JSON Schema.");
  config
    .command("validate")
    .description("Validate lockkeeper.yaml and report every problem with its line.")
    .argument("[dir]", "project directory (the config is searched upward from it)", ".")
    .option("-c, --config <file>", "config file to validate")
    .action((dir: string, options: { config?: string }) => {
      setAction(async () => (await import("./commands/config.js")).configValidateCommand(io, dir, options));
    });
  config
    .command("schema")
    .description("Print the JSON Schema of lockkeeper.yaml (for editors).")
    .action(() => {
      setAction(async () => (await import("./commands/config.js")).configSchemaCommand(io));
    });

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
  io.stderr(`lk: internal error: ${message}\nThis is a bug in Lockkeeper; please report it with the command you ran.\n`);
  if (io.env.LK_DEBUG && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
  return EXIT.INTERNAL;
}
