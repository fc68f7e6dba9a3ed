import { LockkeeperError } from "../../core/errors.js";
import { applyNpmAdd, planNpmAdd } from "../../core/updates/npm/npm-add.js";
import { detectNpmTool } from "../../core/updates/npm/npm-tools.js";
import { updateRegistries } from "../../core/updates/release-sources.js";
import { EXIT } from "../exit-codes.js";
import type { CliIo } from "../io.js";
import { optionalAdvisories, renderChange, renderProblems, vetSettingsOf } from "./change-vetting.js";
import { loadProject } from "./project.js";

export interface AddOptions {
  dev?: boolean;
  exact?: boolean;
  force?: boolean;
  reason?: string;
  dryRun?: boolean;
  dir: string;
  config?: string;
}

/**
 * `lk add <package>[@range]`: resolves the package with the project's own tool in a scratch copy,
 * vets everything it would bring (vulnerabilities, licences, cool-down, deprecation, install
 * scripts), refuses with the reasons unless --force --reason, then makes the change in the project
 * and prints what changed in the lockfile.
 */
export async function addCommand(io: CliIo, spec: string, options: AddOptions): Promise<number> {
  if (options.force && !options.reason?.trim()) {
    throw new LockkeeperError("USAGE", '--force needs --reason "…": the reason is recorded in the output');
  }
  const project = loadProject(io, options.dir, options.config);
  const tool = detectNpmTool(project.projectDir);
  if (!tool) {
    throw new LockkeeperError("NO_LOCKFILE", `no package.json or npm lockfile in ${options.dir}`, {
      hint: "run lk add in the project's directory (or pass --dir)",
    });
  }
  const now = new Date();
  const registries = updateRegistries(project.projectDir, project.config.updates.registries, io.env);
  const advisories = optionalAdvisories(io, project.config);
  try {
    const request = { spec, dev: options.dev === true, exact: options.exact === true };
    const context = {
      projectDir: project.projectDir,
      tool,
      releases: registries.npm,
      vet: vetSettingsOf(project.config, now),
      env: io.env,
      ...(advisories.db ? { advisories: advisories.db } : {}),
    };
    io.stderr(`lk: resolving ${spec} with ${tool} (lockfile only, in a scratch copy)\n`);
    const plan = await planNpmAdd(request, context);
    const failures = plan.problems.filter((problem) => problem.level === "fail");
    io.stdout(
      `${plan.name}@${plan.version} (${options.dev ? "devDependencies" : "dependencies"}, ${tool})\n`,
    );
    io.stdout(
      plan.problems.length > 0 ? `Checks:\n${renderProblems(plan.problems)}` : "Checks: all passed\n",
    );
    if (failures.length > 0 && !options.force) {
      io.stdout(renderChange(plan.summary, "now", `with ${plan.name}@${plan.version}`));
      io.stderr(
        `lk: refused: ${failures.length} check${failures.length === 1 ? "" : "s"} failed; nothing was changed (override with --force --reason "…")\n`,
      );
      return EXIT.FINDINGS;
    }
    if (failures.length > 0)
      io.stdout(`Forced past ${failures.length} failed check(s): ${options.reason?.trim()}\n`);
    if (options.dryRun) {
      io.stdout(renderChange(plan.summary, "now", `with ${plan.name}@${plan.version}`));
      io.stderr("lk: dry run: nothing was changed\n");
      return EXIT.OK;
    }
    const summary = await applyNpmAdd(request, plan, context);
    io.stdout(renderChange(summary, "before", "after"));
    return EXIT.OK;
  } finally {
    advisories.close();
  }
}
