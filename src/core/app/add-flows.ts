import type { AdvisoryStore } from "../advisories/store/advisory-store.js";
import type { LockkeeperConfig } from "../config/schema.js";
import { npmClientOf } from "../ecosystems/npm/registry/npm-registry-client.js";
import { pypiClientOf } from "../ecosystems/pypi/registry/pypi-index-client.js";
import type { RegistryClients } from "../ecosystems/registry-clients.js";
import type { AddTarget } from "../updates/add-target.js";
import type { ChangeSummary } from "../updates/change-summary.js";
import { applyNpmAdd, planNpmAdd } from "../updates/npm/npm-add.js";
import { pipToolsCompiler } from "../updates/pip-tools/compile-keeping-pins.js";
import { applyPipToolsAdd, planPipToolsAdd } from "../updates/pip-tools/pip-tools-add.js";
import {
  applyPyprojectAdd,
  commandLine,
  planPyprojectAdd,
} from "../updates/pyproject-tools/pyproject-add.js";
import type { VetProblem, VetSettings } from "../updates/vet.js";

/** What `lk add` was asked, and what it works with. */
export interface AddFlowInput {
  spec: string;
  dev: boolean;
  exact: boolean;
  inFile?: string;
  projectDir: string;
  config: LockkeeperConfig;
  registries: RegistryClients;
  vet: VetSettings;
  advisories?: AdvisoryStore;
  env: NodeJS.ProcessEnv;
  /** Stops the package manager or resolver. */
  signal: AbortSignal;
}

/** A vetted request, ready to be made. */
export interface PlannedAdd {
  name: string;
  version: string;
  /** Where it is added: `dependencies`, `requirements/main.in`, `group dev` … */
  where: string;
  /** The lockfile change, when it is known before the project is touched. */
  summary?: ChangeSummary;
  /** Said instead of the change when only the tool can work it out. */
  pending?: string;
  problems: VetProblem[];
  warnings: string[];
  apply(): Promise<{ summary: ChangeSummary; warnings: string[] }>;
}

export interface AddFlow {
  /** `npm`, `pnpm`, `pip-tools`, `poetry`, `uv` … */
  tool: string;
  /** What planning does, said before it starts. */
  progress: string;
  plan(): Promise<PlannedAdd>;
}

/** The way a dependency is added to a project of this kind. */
export function addFlow(target: AddTarget, input: AddFlowInput): AddFlow {
  if (target.ecosystem === "npm") return npmFlow(target.tool, input);
  if (target.tool === "pip-tools") return pipToolsFlow(input);
  return pyprojectFlow(target.tool, input);
}

function npmFlow(tool: Extract<AddTarget, { ecosystem: "npm" }>["tool"], input: AddFlowInput): AddFlow {
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

function pipToolsFlow(input: AddFlowInput): AddFlow {
  const command = input.config.updates.pipTools.compileCommand;
  const request = {
    spec: input.spec,
    dev: input.dev,
    exact: input.exact,
    ...(input.inFile !== undefined ? { inFile: input.inFile } : {}),
  };
  const context = {
    ...pipToolsCompiler(
      input.config.updates.pipTools,
      pypiClientOf(input.registries),
      input.config.registries.pypiIndex,
      input.env,
    ),
    signal: input.signal,
    projectDir: input.projectDir,
    vet: input.vet,
    ...(input.advisories ? { advisories: input.advisories } : {}),
  };
  const resolver = command && command.length > 0 ? command.join(" ") : "pip's resolver";
  return {
    tool: "pip-tools",
    progress: `resolving ${input.spec} with ${resolver} (requirement files only, in a scratch copy)`,
    async plan() {
      const plan = await planPipToolsAdd(request, context);
      return {
        ...plan,
        where: plan.layer.inFile,
        apply: async () => applyPipToolsAdd(plan, context),
      };
    },
  };
}

function pyprojectFlow(tool: "poetry" | "uv", input: AddFlowInput): AddFlow {
  const request = { spec: input.spec, dev: input.dev, exact: input.exact };
  const context = {
    projectDir: input.projectDir,
    tool,
    index: pypiClientOf(input.registries),
    indexUrl: input.config.registries.pypiIndex,
    vet: input.vet,
    env: input.env,
    signal: input.signal,
    ...(input.advisories ? { advisories: input.advisories } : {}),
  };
  return {
    tool,
    progress: `checking ${input.spec} on the Python index (${tool} resolves the rest when it adds it)`,
    async plan() {
      const plan = await planPyprojectAdd(request, context);
      return {
        name: plan.name,
        version: plan.version,
        where: input.dev ? (tool === "poetry" ? "group dev" : "dev dependencies") : "dependencies",
        pending: `The lockfile change is worked out by ${tool} when the change is made: ${commandLine(plan.command)}\n`,
        problems: plan.problems,
        warnings: [],
        apply: async () => ({ summary: await applyPyprojectAdd(plan, context), warnings: [] }),
      };
    },
  };
}
