import { type Command, Option } from "commander";
import { ECOSYSTEM_IDS } from "../../core/ecosystems/ids.js";
import type { CliIo } from "../io.js";
import type { SetAction } from "./set-action.js";

/** Licences, notices and the checks that keep production free of dev dependencies. */
export function registerComplianceCommands(program: Command, io: CliIo, setAction: SetAction): void {
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
Exit codes: 0 no denied licence (review items are warnings); 1 a licence the policy denies; 2 input
            error, no licence resolved at all, or a lockfile that could not be read.
Without licenses.allow, deny or review lists there is no policy: known licences are shown as
"no policy", never "allow"; unknown ones are reviewed. An unreachable registry leaves its packages
unknown, with one warning.
Sources, best first: the lockfile's license field, installed packages (node_modules, .venv/venv), the registry (--registry).`,
    )
    .action((target: string, options: import("../commands/licenses.js").LicensesOptions) => {
      setAction(async () => (await import("../commands/licenses.js")).licensesCommand(io, target, options));
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
    .action((target: string, options: import("../commands/notice.js").NoticeOptions) => {
      setAction(async () => (await import("../commands/notice.js")).noticeCommand(io, target, options));
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
    .action((dir: string, options: import("../commands/check-imports.js").CheckImportsOptions) => {
      setAction(async () =>
        (await import("../commands/check-imports.js")).checkImportsCommand(io, dir, options),
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
      new Option("--ecosystem <name>", "which install to verify when the project has both").choices(
        ECOSYSTEM_IDS,
      ),
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
    .action((dir: string, options: import("../commands/verify-prod.js").VerifyProdOptions) => {
      setAction(async () => (await import("../commands/verify-prod.js")).verifyProdCommand(io, dir, options));
    });
}
