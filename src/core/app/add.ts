import type { LockkeeperConfig } from "../config/schema.js";
import { LockkeeperError } from "../errors.js";
import { compilePolicy } from "../licenses/policy.js";
import { licensesSettingsOf } from "../licenses/settings.js";
import type { Ecosystem } from "../model/types.js";
import { chooseAddTarget } from "../updates/add-target.js";
import type { ChangeSummary } from "../updates/change-summary.js";
import type { AddFlow, PlannedAdd } from "../updates/change-tools.js";
import type { VetProblem, VetSettings } from "../updates/vet.js";
import { optionalAdvisoryDatabase } from "./advisory-database.js";
import type { AppContext } from "./context.js";
import { projectConfig, withConfigFile } from "./project.js";
import { projectRegistries } from "./registries.js";

export interface AddRequest {
  /** `name`, `name@range`, `name==1.2` … as the ecosystem writes it. */
  spec: string;
  dir: string;
  dev?: boolean;
  exact?: boolean;
  /** Which ecosystem's dependencies, when the project has several (`npm`, `pypi`). */
  ecosystem?: Ecosystem;
  /** pip-tools: the `.in` to add to, relative to the project. */
  inFile?: string;
  configFile?: string;
}

/** A planned, vetted addition: nothing in the project has changed yet. */
export interface AddPlan extends Omit<PlannedAdd, "apply"> {
  /** `npm`, `pnpm`, `pip-tools`, `poetry`, `uv` … */
  tool: string;
  /** Checks that failed: the change is refused unless forced. */
  failures: VetProblem[];
  /** Makes the change in the project with its own tool. */
  apply(): Promise<{ summary: ChangeSummary; warnings: string[] }>;
  /** Releases what the plan holds open (the advisory database); call when done, applied or not. */
  close(): void;
}

/**
 * `lk add`, first half: works out the change in a scratch copy with the project's own tool (npm,
 * pnpm, yarn, pip-tools' layers; for Poetry and uv only the requested release) and vets everything
 * it would bring (vulnerabilities, licences, cool-down, deprecated or yanked releases, install
 * scripts). `onPlanning` hears what is about to happen before the (slow) planning starts.
 */
export async function planAdd(
  context: AppContext,
  request: AddRequest,
  onPlanning?: (flow: AddFlow) => void,
): Promise<AddPlan> {
  const { projectDir, config } = projectConfig(context, request.dir, withConfigFile(request.configFile));
  const target = await chooseAddTarget(projectDir, {
    ...(request.ecosystem ? { ecosystem: request.ecosystem } : {}),
    ...(request.inFile !== undefined ? { inFile: request.inFile } : {}),
  });
  const advisories = optionalAdvisoryDatabase(context, config.scan.database);
  try {
    const flow = target.changes.addFlow(target.tool, {
      spec: request.spec,
      dev: request.dev === true,
      exact: request.exact === true,
      ...(request.inFile !== undefined ? { inFile: request.inFile } : {}),
      projectDir,
      config,
      registries: await projectRegistries(context, projectDir, config),
      vet: vetSettingsOf(config, context.now()),
      ...(advisories ? { advisories: advisories.db } : {}),
      env: context.env,
      signal: context.signal,
    });
    onPlanning?.(flow);
    const plan = await flow.plan();
    return {
      ...plan,
      tool: flow.tool,
      failures: plan.problems.filter((problem) => problem.level === "fail"),
      close: () => advisories?.db.close(),
    };
  } catch (error: unknown) {
    advisories?.db.close();
    throw error;
  }
}

/** Checks the reason a forced addition needs. */
export function requireForceReason(force: boolean | undefined, reason: string | undefined): void {
  if (force && !reason?.trim()) {
    throw new LockkeeperError("USAGE", '--force needs --reason "…": the reason is recorded in the output');
  }
}

/** The vetting rules of a project: its licence policy, cool-down and install-script allowances. */
export function vetSettingsOf(config: LockkeeperConfig, now: Date): VetSettings {
  return {
    minimumReleaseAgeDays: config.updates.minimumReleaseAgeDays,
    allowInstallScripts: config.updates.allowInstallScripts,
    policy: compilePolicy(licensesSettingsOf(config)),
    now,
  };
}
