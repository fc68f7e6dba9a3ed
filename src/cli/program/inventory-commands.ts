import { type Command, Option } from "commander";
import type { SbomOptions } from "../commands/sbom.js";
import type { CliIo } from "../io.js";
import type { SetAction } from "./set-action.js";

/** Inventory, paths to a package, SBOM export and the config file. */
export function registerInventoryCommands(program: Command, io: CliIo, setAction: SetAction): void {
  program
    .command("inventory")
    .description(
      "Summarise every dependency of a project: lockfiles, ecosystems, scopes (-p lists the packages).",
    )
    .argument(
      "[target]",
      "project directory (all lockfiles below it), a lockfile, or an SBOM (CycloneDX/SPDX JSON)",
      ".",
    )
    .addOption(
      new Option("-f, --format <format>", "output format").choices(["table", "json", "csv"]).default("table"),
    )
    .addOption(
      new Option(
        "-s, --scope <scope>",
        "packages to list (default: the config's inventory.scope, else all)",
      ).choices(["prod", "dev", "all"]),
    )
    .option("-p, --packages", "table format: list every package after the summary")
    .option("-c, --config <file>", "config file (default: lockkeeper.yaml found upward from the target)")
    .addHelpText(
      "after",
      `
Formats: table (human: a summary; --packages adds every package), json (stable, documented in docs/inventory-json.md), csv (one row per package).
Examples:
  lk inventory                       every lockfile under the current directory, summarised
  lk inventory -p                    … and every package with version, scope and type
  lk inventory --scope prod -f json  production packages as JSON
  lk inventory bom.cdx.json          an SBOM read as an inventory`,
    )
    .action(
      (target: string, options: { format: string; scope?: string; config?: string; packages?: boolean }) => {
        setAction(async () =>
          (await import("../commands/inventory.js")).inventoryCommand(io, target, options),
        );
      },
    );

  program
    .command("why")
    .description("Show every path from a project root to a package, with the scope of each step.")
    .argument("<package>", "package name, optionally with a version (name@1.2.3)")
    .argument("[target]", "project directory, lockfile or SBOM", ".")
    .addOption(
      new Option("-f, --format <format>", "output format").choices(["table", "json"]).default("table"),
    )
    .option("--limit <n>", "most paths to show per package version", "20")
    .action((name: string, target: string, options: { format: string; limit: string }) => {
      setAction(async () => (await import("../commands/why.js")).whyCommand(io, name, target, options));
    });

  program
    .command("sbom")
    .description("Write a software bill of materials: CycloneDX 1.6 or SPDX 2.3 JSON.")
    .argument("[target]", "project directory, lockfile or SBOM", ".")
    .addOption(
      new Option("-f, --format <format>", "SBOM format").choices(["cyclonedx", "spdx"]).default("cyclonedx"),
    )
    .option("-o, --output <file>", "write to a file instead of standard output")
    .addOption(
      new Option("-s, --scope <scope>", "packages to include (default: all)").choices(["prod", "dev", "all"]),
    )
    .option(
      "--installed",
      "only the packages installed in the project (node_modules, a virtualenv), as cyclonedx-npm lists them; default: everything the lockfiles lock",
    )
    .option(
      "--reproducible",
      "the same bytes for the same input: timestamp from SOURCE_DATE_EPOCH (else 1970-01-01), serial number from the content",
    )
    .addHelpText(
      "after",
      `
SOURCE_DATE_EPOCH (seconds since 1970) also makes the SBOM reproducible, with that timestamp:
  SOURCE_DATE_EPOCH=$(git log -1 --format=%ct) lk sbom -s prod -o bom.cdx.json`,
    )
    .action((target: string, options: SbomOptions) => {
      setAction(async () => (await import("../commands/sbom.js")).sbomCommand(io, target, options));
    });

  const config = program
    .command("config")
    .description("Check the project configuration or print its JSON Schema.");
  config
    .command("validate")
    .description("Validate lockkeeper.yaml and report every problem with its line.")
    .argument("[dir]", "project directory (the config is searched upward from it)", ".")
    .option("-c, --config <file>", "config file to validate")
    .action((dir: string, options: { config?: string }) => {
      setAction(async () => (await import("../commands/config.js")).configValidateCommand(io, dir, options));
    });
  config
    .command("schema")
    .description("Print the JSON Schema of lockkeeper.yaml (for editors).")
    .action(() => {
      setAction(async () => (await import("../commands/config.js")).configSchemaCommand(io));
    });
}
