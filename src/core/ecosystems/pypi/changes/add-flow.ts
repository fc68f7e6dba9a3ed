import type { AddFlow, AddFlowInput } from "../../../updates/change-tools.js";
import { pypiClientOf } from "../registry/pypi-index-client.js";
import { pipToolsCompiler } from "./pip-tools/compile-keeping-pins.js";
import { applyPipToolsAdd, planPipToolsAdd } from "./pip-tools/pip-tools-add.js";
import {
  applyPyprojectAdd,
  commandLine,
  type PyprojectTool,
  planPyprojectAdd,
} from "./pyproject-tools/pyproject-add.js";

/** `lk add` for pip-tools layers, and for Poetry and uv projects (their own `add`). */
export function pythonAddFlow(tool: string, input: AddFlowInput): AddFlow {
  return tool === "pip-tools" ? pipToolsFlow(input) : pyprojectFlow(tool as PyprojectTool, input);
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
    ...pipToolsCompiler(input),
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

function pyprojectFlow(tool: PyprojectTool, input: AddFlowInput): AddFlow {
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
