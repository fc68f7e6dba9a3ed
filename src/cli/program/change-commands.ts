import { type Command, Option } from "commander";
import type { CliIo } from "../io.js";
import type { SetAction } from "./set-action.js";

/** Dependency changes over time: the git history and diffs. */
export function registerChangeCommands(program: Command, io: CliIo, setAction: SetAction): void {
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
    .action((dir: string, options: import("../commands/history.js").HistoryCommandOptions) => {
      setAction(async () => (await import("../commands/history.js")).historyCommand(io, dir, options));
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
        "exit 1 when the head introduces a vulnerability at or above this severity (or of unknown severity, unless config scan.unknownSeverity is ignore)",
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
      (base: string, head: string | undefined, options: import("../commands/diff.js").DiffCommandOptions) => {
        setAction(async () => (await import("../commands/diff.js")).diffCommand(io, base, head, options));
      },
    );
}
