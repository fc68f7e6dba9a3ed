import { type Command, Option } from "commander";
import { ECOSYSTEM_IDS } from "../../core/ecosystems/ids.js";
import type { CliIo } from "../io.js";
import type { SetAction } from "./set-action.js";

/** The daily loop of dependency changes: what is outdated, adding a dependency, taking updates. */
export function registerUpdateCommands(program: Command, io: CliIo, setAction: SetAction): void {
  program
    .command("outdated")
    .description(
      "Installed, wanted (newest in the declared range) and latest versions of each dependency, with jump class, release age, deprecations and yanks.",
    )
    .argument("[target]", "project directory or lockfile", ".")
    .option("-a, --all", "transitive dependencies too (default: direct dependencies only)")
    .addOption(
      new Option("-f, --format <format>", "output format")
        .choices(["table", "json", "markdown"])
        .default("table"),
    )
    .addOption(
      new Option("--fail-on <jump>", "exit 1 when an update of this class or bigger exists").choices([
        "patch",
        "minor",
        "major",
      ]),
    )
    .option("-c, --config <file>", "config file (default: lockkeeper.yaml found upward from the target)")
    .addHelpText(
      "after",
      `
Versions come from the registries in the config's registries section (npm: the project's .npmrc,
scoped registries and tokens included; Python: the configured simple index), cached for
registries.cacheMinutes. "Wanted" is what the package manager would pick for the
declared range (npm: the same choice as npm itself, deprecated versions avoided; Python: pip's
choice, pre-releases and yanked releases avoided). Entries are listed when the installed version is
behind wanted or latest, or is deprecated or yanked.
Exit codes: 0 (also when updates exist, unless --fail-on); 1 an update at or above --fail-on; 2 input error,
            or --fail-on when the registries answered for no package (nothing was compared).`,
    )
    .action((target: string, options: import("../commands/outdated.js").OutdatedOptions) => {
      setAction(async () => (await import("../commands/outdated.js")).outdatedCommand(io, target, options));
    });

  program
    .command("add")
    .description(
      "Add a dependency after vetting it: vulnerabilities, licence policy, release age, deprecated or yanked releases and install scripts of everything it brings.",
    )
    .argument(
      "<package>",
      'npm: name, name@range or @scope/name@range; Python: name, name@specifier or a PEP 508 requirement ("django>=4.2")',
    )
    .option("-D, --dev", "add as a development dependency (pip-tools: the dev layer; poetry: group dev)")
    .option(
      "-E, --exact",
      "save the exact version instead of a range (Python: == the version pip would choose)",
    )
    .addOption(
      new Option(
        "--ecosystem <name>",
        "which dependencies the package is for, when the project has npm and Python ones",
      ).choices(ECOSYSTEM_IDS),
    )
    .option(
      "--in-file <file>",
      "pip-tools: the .in file to add to, relative to the project (default: see below)",
    )
    .option("--dry-run", "vet and show the lockfile change without changing the project")
    .option("--force", "make the change even when a check fails (needs --reason)")
    .option("--reason <text>", "why a failed check is accepted; printed with the result")
    .option("-d, --dir <dir>", "project directory", ".")
    .option("-c, --config <file>", "config file (default: lockkeeper.yaml found upward from --dir)")
    .addHelpText(
      "after",
      `
The tool comes from the project: npm, pnpm or yarn (from the lockfile); pip-tools (.in inputs such
as requirements/main.in); poetry or uv (poetry.lock or uv.lock beside pyproject.toml). A project
with npm and Python dependencies needs --ecosystem.

npm and pip-tools: the package is first resolved in a scratch copy (npm: manifests and lockfile,
without running scripts; pip-tools: the requirement files). Everything the change adds or moves is
then checked:
  vulnerability   known advisories in the new versions (the advisory database of lk scan)
  licence         the licence policy of lockkeeper.yaml (deny fails, review warns)
  release-age     younger than updates.minimumReleaseAgeDays (the requested package fails, others warn)
  deprecation     deprecated or yanked releases (the requested package fails, others warn)
  install-script  npm packages that run install scripts, unless in updates.allowInstallScripts
Only then is the change made in the project and the lockfile diff printed.

pip-tools: the requirement goes into the production layer (main.in, requirements.in, base.in …),
with --dev into the dev layer (dev.in, requirements-dev.in, test.in …), or into --in-file. The
layer is compiled with updates.pipTools.compileCommand (pip-compile, uv pip compile), else with
pip's own resolver into pip-compile's layout with --hash lines, against registries.pypiIndex.
The layer's other pins are kept; when the new requirement needs them to move, they move and a
warning says so. Only the .in and its .txt are written: layers built on it are named to recompile.

poetry and uv: the release the request gets (pip's choice) is checked on the index (vulnerability,
licence, release age, yanked), then "poetry add" / "uv add" make the change (lockfile only unless
the project has a .venv) and the lockfile diff is printed.
Exit codes: 0 added (or dry run passed); 1 refused by a failed check; 2 input or tool error.`,
    )
    .action((spec: string, options: import("../commands/add.js").AddOptions) => {
      setAction(async () => (await import("../commands/add.js")).addCommand(io, spec, options));
    });

  program
    .command("update")
    .description(
      "Propose dependency updates: one tested branch per update (or group), with a pull-request description of what changed between the versions.",
    )
    .argument("[dir]", "project directory inside a git repository", ".")
    .option("-p, --package <name...>", "only these packages")
    .option("-g, --group <name>", "only this group (updates.rules[].group)")
    .option(
      "-t, --test <command>",
      "test command run on each branch after a clean install (default: updates.test)",
    )
    .option("--push <remote>", "push branches whose tests pass to this remote")
    .option(
      "--open-pr",
      "open a pull request for each pushed branch (updates.pullRequests; token from the environment)",
    )
    .option(
      "--base <branch>",
      "branch the updates start from (default: updates.baseBranch, else the current branch)",
    )
    .option("--recreate", "replace update branches that already exist")
    .option("-o, --out <dir>", "folder for the pull-request descriptions (default: .git/lockkeeper/updates)")
    .addOption(
      new Option("-f, --format <format>", "output format").choices(["table", "json"]).default("table"),
    )
    .option("-c, --config <file>", "config file (default: lockkeeper.yaml found upward from the directory)")
    .addHelpText(
      "after",
      `
Each proposal is made in a temporary git worktree, so your checkout (branch, changes) is never
touched, also when a step fails or the run is interrupted. On its branch (lockkeeper/<name>-<version>,
or lockkeeper/<group>): the change with the project's own tool (npm, pnpm, yarn: lockfile only;
pip-tools: the layer's lock compiled again from its unchanged .in with the new pin and every other
pin kept, then the layers built on it; a hand-maintained requirements file: the == pin moved in
place, with the new release's hashes when it has hashes), one commit with a conventional message,
then the test command after a clean install (Python: a fresh .venv in the worktree from the locks).
Poetry, uv and Pipfile locks are not changed yet: their updates are listed as held back. The description gives
the jump class, the release notes between the versions (changelog in the published package, or
GitHub releases for packages in updates.changelog.githubRepositories) with breaking changes called
out, vulnerabilities fixed and introduced, licence changes, other packages added/removed/changed,
release age and the test result.
Rules (lockkeeper.yaml, updates.rules): which packages, which jump classes, groups, cool-down
(updates.minimumReleaseAgeDays; a release that fixes an advisory of the installed version bypasses it)
and updates.ignore.
Exit codes: 0 every branch ready; 1 an update failed its tests (the branch is kept, never pushed)
            or could not be made; 2 input error.`,
    )
    .action((dir: string, options: import("../commands/update.js").UpdateOptions) => {
      setAction(async () => (await import("../commands/update.js")).updateCommand(io, dir, options));
    });
}
