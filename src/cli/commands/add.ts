import { planAdd, requireForceReason } from "../../core/app/add.js";
import { cliContext } from "../context.js";
import { EXIT } from "../exit-codes.js";
import type { CliIo } from "../io.js";
import { renderChange, renderProblems } from "../output/change-vetting.js";
import { plural } from "../output/plural.js";

export interface AddOptions {
  dev?: boolean;
  exact?: boolean;
  force?: boolean;
  reason?: string;
  dryRun?: boolean;
  /** Which ecosystem's dependencies, when the project has several (`npm`, `pypi`). */
  ecosystem?: string;
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
  requireForceReason(options.force, options.reason);
  const plan = await planAdd(
    cliContext(io),
    {
      spec,
      dir: options.dir,
      dev: options.dev === true,
      exact: options.exact === true,
      ...(options.ecosystem ? { ecosystem: options.ecosystem } : {}),
      ...(options.inFile !== undefined ? { inFile: options.inFile } : {}),
      ...(options.config ? { configFile: options.config } : {}),
    },
    (flow) => io.stderr(`lk: ${flow.progress}\n`),
  );
  try {
    const planned = () =>
      plan.summary
        ? renderChange(plan.summary, "now", `with ${plan.name}@${plan.version}`)
        : (plan.pending ?? "");
    const failures = plan.failures;
    io.stdout(`${plan.name}@${plan.version} (${plan.where}, ${plan.tool})\n`);
    io.stdout(
      plan.problems.length > 0 ? `Checks:\n${renderProblems(plan.problems)}` : "Checks: all passed\n",
    );
    for (const warning of plan.warnings) io.stderr(`lk: warning: ${warning}\n`);
    if (failures.length > 0 && !options.force) {
      io.stdout(planned());
      io.stderr(
        `lk: refused: ${plural(failures.length, "check")} failed; nothing was changed (override with --force --reason "…")\n`,
      );
      return EXIT.FINDINGS;
    }
    if (failures.length > 0)
      io.stdout(`Forced past ${plural(failures.length, "failed check")}: ${options.reason?.trim()}\n`);
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
    plan.close();
  }
}
