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
    .addOption(
      new Option("-f, --format <format>", "output format").choices(["table", "json"]).default("table"),
    )
    .option("--limit <n>", "most paths to show per package version", "20")
    .action((name: string, target: string, options: { format: string; limit: string }) => {
      setAction(async () => (await import("./commands/why.js")).whyCommand(io, name, target, options));
    });

  program
    .command("sbom")
    .description("Write a software bill of materials: CycloneDX 1.6 or SPDX 2.3 JSON.")
    .argument("[target]", "project directory, lockfile or SBOM", ".")
    .addOption(
      new Option("-f, --format <format>", "SBOM format").choices(["cyclonedx", "spdx"]).default("cyclonedx"),
    )
    .option("-o, --output <file>", "write to a file instead of standard output")
    .action((target: string, options: { format: string; output?: string }) => {
      setAction(async () => (await import("./commands/sbom.js")).sbomCommand(io, target, options));
    });

  program
    .command("scan")
    .description("Find known vulnerabilities in every dependency, from a local OSV advisory database.")
    .argument("[target]", "project directory, lockfile or SBOM", ".")
    .addOption(
      new Option("-f, --format <format>", "output format")
        .choices(["table", "json", "sarif", "junit", "markdown"])
        .default("table"),
    )
    .addOption(
      new Option(
        "--fail-on <severity>",
        "exit 1 when a finding is at or above this severity (default: config scan.failOn, else critical)",
      ).choices(["critical", "high", "medium", "low", "none"]),
    )
    .addOption(
      new Option("-s, --scope <scope>", "packages to scan (default: config scan.scope, else all)").choices([
        "prod",
        "dev",
        "all",
      ]),
    )
    .option("--db <dir>", "advisory database folder (default: the user cache, else the shipped snapshot)")
    .option("--max-db-age <days>", "exit 3 when the advisory data is older than this many days")
    .option("--ignores <file>", "ignores file (default: .lockkeeper/ignores.yaml in the project)")
    .option("-o, --output <file>", "write the report to a file instead of standard output")
    .option("-c, --config <file>", "config file (default: lockkeeper.yaml found upward from the target)")
    .addHelpText(
      "after",
      `
Exit codes: 0 nothing (not ignored) at or above --fail-on; 1 findings at or above it;
            2 usage or input error; 3 advisory database missing or older than --max-db-age.
Formats: table, json, sarif (SARIF 2.1.0, for code scanning), junit (CI test reports),
         markdown (for a pull request).
Ignores (.lockkeeper/ignores.yaml), reviewed like code:
  ignores:
    - id: CVE-2021-23337        # any id or alias of the problem
      package: lodash           # optional: only this package
      version: 4.17.20          # optional: only this version
      reason: template() is never called with user input
      expires: 2027-01-31       # optional: counts again after this day`,
    )
    .action((target: string, options: import("./commands/scan.js").ScanOptions) => {
      setAction(async () => (await import("./commands/scan.js")).scanCommand(io, target, options));
    });

  program
    .command("explain")
    .description("Show an advisory's ranges and, for a package version, the evaluation step by step.")
    .argument("<id>", "vulnerability id or alias (GHSA-…, CVE-…, PYSEC-…)")
    .argument(
      "[package]",
      "name@version to evaluate (ecosystem guessed from the record; prefix npm: or pypi: to choose)",
    )
    .option("--db <dir>", "advisory database folder")
    .action((id: string, pkg: string | undefined, options: { db?: string }) => {
      setAction(async () => (await import("./commands/explain.js")).explainCommand(io, id, pkg, options));
    });

  program
    .command("history")
    .description(
      "Every dependency change in the git history of a project's lockfiles: what, when, by whom, in which pull request.",
    )
    .argument("[dir]", "project directory inside a git repository (every lockfile below it)", ".")
    .option(
      "-p, --package <name>",
      "one package's story: when it entered each lockfile, every version change since, its removal",
    )
    .option("--since <date>", "only changes authored on or after this day (2024-01-31) or ISO timestamp")
    .option("-r, --revision <rev>", "walk back from this revision instead of HEAD")
    .addOption(
      new Option("-f, --format <format>", "output format").choices(["table", "json", "csv"]).default("table"),
    )
    .option("-c, --config <file>", "config file (default: lockkeeper.yaml found upward from the directory)")
    .addHelpText(
      "after",
      `
Reads the first-parent line of the revision (a merged branch counts as its merge commit), follows
renamed lockfiles, and parses each lockfile version once. Changes are listed newest first; with
--package, that package's events are listed oldest first. A lockfile version that cannot be read is
reported on stderr and skipped. Pull request numbers come from subjects ("... (#123)",
"Merge pull request #123 ...").
Examples:
  lk history                               every change, newest first
  lk history --package requests            when requests entered each lockfile, every version since
  lk history services/api --since 2024-01-01 -f csv`,
    )
    .action((dir: string, options: import("./commands/history.js").HistoryCommandOptions) => {
      setAction(async () => (await import("./commands/history.js")).historyCommand(io, dir, options));
    });

  program
    .command("diff")
    .description(
      "Packages added, removed and changed between two revisions or files, with vulnerabilities and licences.",
    )
    .argument("<base>", "a git revision (main, HEAD~3, a tag, a hash) or a lockfile/SBOM file")
    .argument("[head]", "a git revision or file (default: the working tree of --dir)")
    .option("-d, --dir <dir>", "project directory: revisions are read from its repository", ".")
    .addOption(
      new Option("-f, --format <format>", "output format")
        .choices(["table", "json", "markdown"])
        .default("table"),
    )
    .addOption(
      new Option(
        "--fail-on-new <severity>",
        "exit 1 when the head introduces a vulnerability at or above this severity",
      ).choices(["critical", "high", "medium", "low"]),
    )
    .option("--db <dir>", "advisory database folder (default: the user cache, else the shipped snapshot)")
    .option("-c, --config <file>", "config file (default: lockkeeper.yaml found upward from --dir)")
    .addHelpText(
      "after",
      `
A side naming an existing file or directory is read from disk; anything else is a git revision of
the repository that holds --dir. Vulnerabilities are compared when an advisory database opens
(ignores in .lockkeeper/ignores.yaml apply); licences from the lockfiles' license fields.
Exit codes: 0 nothing new at or above --fail-on-new (or no --fail-on-new); 1 something is;
            2 usage, git or input error; 3 advisory database missing with --fail-on-new.
Examples:
  lk diff main                             main against the working tree
  lk diff origin/main HEAD -f markdown --fail-on-new high   for a pull request comment and gate
  lk diff old/package-lock.json package-lock.json`,
    )
    .action(
      (base: string, head: string | undefined, options: import("./commands/diff.js").DiffCommandOptions) => {
        setAction(async () => (await import("./commands/diff.js")).diffCommand(io, base, head, options));
      },
    );

  program
    .command("licenses")
    .description(
      "List every dependency's licence with its source, a summary by licence, and licence policy violations.",
    )
    .argument("[target]", "project directory, lockfile or SBOM", ".")
    .addOption(
      new Option("-f, --format <format>", "output format")
        .choices(["table", "json", "csv", "markdown"])
        .default("table"),
    )
    .addOption(
      new Option(
        "-s, --scope <scope>",
        "packages to list (default: config licenses.scope, else all)",
      ).choices(["prod", "dev", "all"]),
    )
    .option(
      "--registry",
      "ask the npm registry / PyPI for licences the lockfile and installed packages do not give (cached)",
    )
    .option("--no-registry", "stay offline even when the config enables registry look-ups")
    .option("-c, --config <file>", "config file (default: lockkeeper.yaml found upward from the target)")
    .addHelpText(
      "after",
      `
Exit codes: 0 no denied licence (review items are warnings); 1 a licence the policy denies; 2 input error.
Sources, best first: the lockfile's license field, installed packages (node_modules, .venv/venv), the registry (--registry).`,
    )
    .action((target: string, options: import("./commands/licenses.js").LicensesOptions) => {
      setAction(async () => (await import("./commands/licenses.js")).licensesCommand(io, target, options));
    });

  program
    .command("notice")
    .description(
      "Write a third-party notice file with each package's licence text, from the installed packages.",
    )
    .argument("[target]", "project directory, lockfile or SBOM", ".")
    .option("-o, --output <file>", "write to a file instead of standard output")
    .addOption(
      new Option("-s, --scope <scope>", "packages to include")
        .choices(["prod", "dev", "all"])
        .default("prod"),
    )
    .option("-c, --config <file>", "config file (default: lockkeeper.yaml found upward from the target)")
    .action((target: string, options: import("./commands/notice.js").NoticeOptions) => {
      setAction(async () => (await import("./commands/notice.js")).noticeCommand(io, target, options));
    });

  const check = program
    .command("check")
    .description("Checks that production stays free of development dependencies.");
  check
    .command("imports")
    .description("Check that production source imports only declared production dependencies.")
    .argument("[dir]", "project directory", ".")
    .addOption(
      new Option("-f, --format <format>", "output format").choices(["table", "json"]).default("table"),
    )
    .option("-c, --config <file>", "config file (default: lockkeeper.yaml found upward from the directory)")
    .addHelpText(
      "after",
      `
Errors (exit 1): production code imports a package declared only as a dev dependency, or one
not declared at all (workspace-aware: the nearest package.json / pyproject.toml or lock decides).
Warnings: declared production dependencies never imported (@types/* and imports.unusedExempt
are exempt; npm packages run from "scripts" too), and imports inside try blocks.
Production source: everything but tests, benchmarks, build output, tool configuration, docs,
examples and scripts/ (configure imports.production and imports.exclude in lockkeeper.yaml).
Type-only imports (import type, if TYPE_CHECKING:) are not counted.`,
    )
    .action((dir: string, options: import("./commands/check-imports.js").CheckImportsOptions) => {
      setAction(async () =>
        (await import("./commands/check-imports.js")).checkImportsCommand(io, dir, options),
      );
    });

  program
    .command("verify-prod")
    .description("Install production dependencies only, in a temporary copy, and run a smoke command there.")
    .argument("[dir]", "project directory", ".")
    .option(
      "--smoke <command>",
      "shell command that must pass in the production install (default: config verifyProd.smoke)",
    )
    .addOption(
      new Option("-f, --format <format>", "output format").choices(["table", "json"]).default("table"),
    )
    .addOption(
      new Option("--ecosystem <name>", "which install to verify when the project has both").choices([
        "npm",
        "pypi",
      ]),
    )
    .option(
      "--prod-lock <file>",
      "Python: production requirements lock (default: requirements.txt, requirements/main.txt, …)",
    )
    .option(
      "--dev-lock <file>",
      "Python: development requirements lock added for the full install (repeatable)",
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option("--index-url <url>", "Python: package index for pip (default: pip's configuration)")
    .option("--python <exe>", "Python interpreter that creates the virtual environments (default: python3)")
    .option("--timeout <seconds>", "stop (and fail) the smoke command after this many seconds (default: 300)")
    .option("--no-full", "skip the full install with development dependencies (the size comparison)")
    .option("--keep", "keep the temporary installs and print where they are")
    .option("-c, --config <file>", "config file (default: lockkeeper.yaml found upward from the directory)")
    .addHelpText(
      "after",
      `
Installs with the project's own package manager (npm ci --omit=dev, pnpm install --prod
--frozen-lockfile, yarn install --production --frozen-lockfile, yarn workspaces focus --production)
or, for Python, pip install --no-deps -r <prod lock> into a fresh venv; the smoke command runs in
that copy with node_modules/.bin or the venv's bin first on PATH.
Exit codes: 0 the production install works and the smoke command passed; 1 it did not;
            2 usage or input error (no lockfile, package manager not installed).
Example:
  lk verify-prod --smoke "node dist/server.js --self-test"`,
    )
    .action((dir: string, options: import("./commands/verify-prod.js").VerifyProdOptions) => {
      setAction(async () => (await import("./commands/verify-prod.js")).verifyProdCommand(io, dir, options));
    });

  const db = program.command("db").description("Manage the local OSV advisory database.");
  db.command("status")
    .description("Show the database's sources, record counts, last update and age.")
    .option("--db <dir>", "advisory database folder")
    .option("-f, --format <format>", "table or json", "table")
    .action((options: { db?: string; format: string }) => {
      setAction(async () => (await import("./commands/db.js")).dbStatusCommand(io, options));
    });
  db.command("import")
    .description("Import OSV records from a directory, a zip (such as OSV's all.zip) or one file.")
    .argument("<path>", "directory, zip or file of OSV records (JSON or YAML)")
    .option("--db <dir>", "advisory database folder (default: the user cache)")
    .option(
      "--label <name>",
      "name of this source in 'lk db status' (re-importing a name replaces its records)",
    )
    .action((path: string, options: { db?: string; label?: string }) => {
      setAction(async () => (await import("./commands/db.js")).dbImportCommand(io, path, options));
    });
  db.command("update")
    .description("Download the OSV export for npm and PyPI: all.zip the first time, then only what changed.")
    .option("--db <dir>", "advisory database folder (default: the user cache)")
    .option(
      "--base-url <url>",
      "OSV export base URL (a mirror)",
      "https://osv-vulnerabilities.storage.googleapis.com",
    )
    .addOption(
      new Option("--ecosystem <name...>", "ecosystems to update")
        .choices(["npm", "pypi"])
        .default(["npm", "pypi"]),
    )
    .option("--full", "download all.zip again instead of the incremental update")
    .action((options: { db?: string; baseUrl: string; ecosystem: string[]; full?: boolean }) => {
      setAction(async () => (await import("./commands/db.js")).dbUpdateCommand(io, options));
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
  io.stderr(
    `lk: internal error: ${message}\nThis is a bug in Lockkeeper; please report it with the command you ran.\n`,
  );
  if (io.env.LK_DEBUG && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
  return EXIT.INTERNAL;
}
