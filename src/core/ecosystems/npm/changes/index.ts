import { LockkeeperError } from "../../../errors.js";
import type {
  AddFlow,
  AddFlowInput,
  DependencyChanges,
  DependencyUpdater,
} from "../../../updates/change-tools.js";
import { npmClientOf } from "../registry/npm-registry-client.js";
import { applyNpmAdd, planNpmAdd } from "./npm-add.js";
import {
  cleanInstallCommand,
  detectNpmTool,
  isBunLockfile,
  isBunProject,
  type NpmTool,
} from "./npm-tools.js";
import { changeNpmProject } from "./update-change.js";

/** npm projects change with their own package manager: npm, pnpm, yarn 1 or yarn berry. */
export const npmChanges: DependencyChanges = {
  label: "npm",
  addNeeds: "package.json",
  namedInputs: false,
  addTool(projectDir) {
    if (isBunProject(projectDir))
      throw new LockkeeperError(
        "USAGE",
        "lk add does not run bun yet, and this project's lockfile is bun's",
        {
          hint: "add the package with bun add; lk scan and lk diff read the bun.lock it writes",
        },
      );
    return detectNpmTool(projectDir);
  },
  addFlow: (tool, input) => npmAddFlow(tool as NpmTool, input),
  updater({ projectDir, env }): DependencyUpdater | undefined {
    const tool = detectNpmTool(projectDir);
    if (!tool) return undefined;
    return {
      heldBackReason: (entry) =>
        isBunLockfile(entry.lockfile)
          ? `lk update does not run bun yet: update ${entry.lockfile} with bun update`
          : undefined,
      apply: async (updates, step) => {
        await changeNpmProject(tool, updates, step, env);
        return [];
      },
      // Every test run needs node_modules, whichever ecosystem's packages the branch moved.
      testInstall: (_dir, testEnv) => ({ commands: [cleanInstallCommand(tool)], env: testEnv }),
    };
  },
};

function npmAddFlow(tool: NpmTool, input: AddFlowInput): AddFlow {
  const request = { spec: input.spec, dev: input.dev, exact: input.exact };
  const context = {
    projectDir: input.projectDir,
    tool,
    releases: npmClientOf(input.registries),
    vet: input.vet,
    env: input.env,
    signal: input.signal,
    ...(input.advisories ? { advisories: input.advisories } : {}),
  };
  return {
    tool,
    progress: `resolving ${input.spec} with ${tool} (lockfile only, in a scratch copy)`,
    async plan() {
      const plan = await planNpmAdd(request, context);
      return {
        ...plan,
        where: input.dev ? "devDependencies" : "dependencies",
        warnings: [],
        apply: async () => ({ summary: await applyNpmAdd(request, plan, context), warnings: [] }),
      };
    },
  };
}
