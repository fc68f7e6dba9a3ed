import { existsSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { loadConfig } from "../../core/config/load-config.js";
import { LockkeeperError } from "../../core/errors.js";
import { chooseAddTarget } from "../../core/updates/add-target.js";
import { EXIT } from "../exit-codes.js";
import type { CliIo } from "../io.js";
import { addFlow } from "./add-flows.js";
import { optionalAdvisories, renderChange, renderProblems, vetSettingsOf } from "./change-vetting.js";
import { projectRegistries } from "./project-registries.js";

export interface AddOptions {
  dev?: boolean;
  exact?: boolean;
  force?: boolean;
  reason?: string;
  dryRun?: boolean;
  /** Which dependencies, when the project has npm and Python ones. */
  ecosystem?: "npm" | "pypi";
  /** pip-tools: the `.in` to add to, relative to the project. */
  inFile?: string;
  dir: string;
  config?: string;
}

/**
 * `lk add <package>[@range]`: works out the change in a scratch copy with the project's own tool
 * (npm, pnpm, yarn, or pip-tools' layers), vets everything it would bring (vulnerabilities,
 * licences, cool-down, deprecated or yanked releases, install scripts), refuses with the reasons
 * unless --force --reason, then makes the change in the project and prints what changed in the
 * lockfile. Poetry and uv projects: the requested release is vetted, then their own `add` runs.
 */
export async function addCommand(io: CliIo, spec: string, options: AddOptions): Promise<number> {
  if (options.force && !options.reason?.trim()) {
    throw new LockkeeperError("USAGE", '--force needs --reason "…": the reason is recorded in the output');
  }
  const absolute = resolve(io.cwd, options.dir);
  const projectDir = existsSync(absolute) && !statSync(absolute).isDirectory() ? dirname(absolute) : absolute;
  const { config } = loadConfig(projectDir, options.config ? resolve(io.cwd, options.config) : undefined);
  const target = chooseAddTarget(projectDir, {
    ...(options.ecosystem ? { ecosystem: options.ecosystem } : {}),
    ...(options.inFile !== undefined ? { inFile: options.inFile } : {}),
  });
  const advisories = optionalAdvisories(io, config);
  try {
    const flow = addFlow(target, {
      spec,
      dev: options.dev === true,
      exact: options.exact === true,
      ...(options.inFile !== undefined ? { inFile: options.inFile } : {}),
      projectDir,
      config,
      registries: projectRegistries(io, projectDir, config),
      vet: vetSettingsOf(config, new Date()),
      ...(advisories.db ? { advisories: advisories.db } : {}),
      env: io.env,
    });
    io.stderr(`lk: ${flow.progress}\n`);
    const plan = await flow.plan();
    const planned = () =>
      plan.summary
        ? renderChange(plan.summary, "now", `with ${plan.name}@${plan.version}`)
        : (plan.pending ?? "");
    const failures = plan.problems.filter((problem) => problem.level === "fail");
    io.stdout(`${plan.name}@${plan.version} (${plan.where}, ${flow.tool})\n`);
    io.stdout(
      plan.problems.length > 0 ? `Checks:\n${renderProblems(plan.problems)}` : "Checks: all passed\n",
    );
    for (const warning of plan.warnings) io.stderr(`lk: warning: ${warning}\n`);
    if (failures.length > 0 && !options.force) {
      io.stdout(planned());
      io.stderr(
        `lk: refused: ${failures.length} check${failures.length === 1 ? "" : "s"} failed; nothing was changed (override with --force --reason "…")\n`,
      );
      return EXIT.FINDINGS;
    }
    if (failures.length > 0)
      io.stdout(`Forced past ${failures.length} failed check(s): ${options.reason?.trim()}\n`);
    if (options.dryRun) {
      io.stdout(planned());
      io.stderr("lk: dry run: nothing was changed\n");
      return EXIT.OK;
    }
    const applied = await plan.apply();
    io.stdout(renderChange(applied.summary, "before", "after"));
    for (const warning of applied.warnings) io.stderr(`lk: warning: ${warning}\n`);
    return EXIT.OK;
  } finally {
    advisories.close();
  }
}
