import type { AdvisoryStore } from "../advisories/store/advisory-store.js";
import type { LockkeeperConfig } from "../config/schema.js";
import type { RegistryClients } from "../ecosystems/registry-clients.js";
import type { Inventory } from "../model/types.js";
import type { ProcessOutcome } from "../process/run-process.js";
import type { ChangeSummary } from "./change-summary.js";
import type { OutdatedEntry } from "./outdated.js";
import type { PlannedUpdate } from "./plan-updates.js";
import type { VetProblem, VetSettings } from "./vet.js";

/** A program and its arguments, as a tool step runs them. */
export interface ToolCommand {
  program: string;
  args: string[];
}

/**
 * Runs a tool for a change and counts its time as the tool's (not Lockkeeper's own): the program
 * (a resolved path, or a command line with `shell`), in `cwd`, with the run's environment unless
 * `env` says otherwise.
 */
export type Timed = (
  program: string,
  command: ToolCommand,
  cwd: string,
  shell?: boolean,
  env?: NodeJS.ProcessEnv,
) => Promise<ProcessOutcome>;

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

/** The way a dependency is added to a project of one kind (npm, pnpm, pip-tools, poetry …). */
export interface AddFlow {
  /** `npm`, `pnpm`, `pip-tools`, `poetry`, `uv` … */
  tool: string;
  /** What planning does, said before it starts. */
  progress: string;
  plan(): Promise<PlannedAdd>;
}

/** What an ecosystem's updater for one project is made from. */
export interface UpdaterInput {
  projectDir: string;
  inventory: Inventory;
  config: LockkeeperConfig;
  registries: RegistryClients;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
}

/** One proposal's change, as the updater is asked to make it in the branch's worktree. */
export interface UpdateStep {
  /** The worktree directory that corresponds to the project. */
  dir: string;
  branch: string;
  /** Runs the ecosystem's tools, counting their time. */
  timed: Timed;
  onStep?: (message: string) => void;
}

/** How `lk update` changes one ecosystem's dependencies of a project, with the project's own tools. */
export interface DependencyUpdater {
  /** Why an outdated entry cannot be changed by `lk update` (undefined when it can). */
  heldBackReason(entry: OutdatedEntry): string | undefined;
  /** Makes the updates (manifests and lockfiles only) and returns warnings for the description. */
  apply(updates: readonly PlannedUpdate[], step: UpdateStep): Promise<string[]>;
  /**
   * A clean install of the worktree before the tests, and the environment the tests then run in;
   * undefined when this ecosystem needs none (`changed`: the branch moved its packages).
   */
  testInstall(
    dir: string,
    env: NodeJS.ProcessEnv,
    changed: boolean,
  ): { commands: ToolCommand[]; env: NodeJS.ProcessEnv } | undefined;
}

/** How `lk add` and `lk update` change an ecosystem's dependencies with the project's own tools. */
export interface DependencyChanges {
  /** What its dependencies are called in messages (`npm`, `Python`). */
  label: string;
  /** What a project needs for `lk add` of this ecosystem, for the message when it has none. */
  addNeeds: string;
  /** Whether `--in-file` (an input file named by the user) applies to its tools. */
  namedInputs: boolean;
  /** The tool `lk add` uses in a project (npm, pnpm, pip-tools, poetry …); undefined when there is none. */
  addTool(projectDir: string, options: { inFile?: string }): string | undefined;
  /** `lk add` with that tool: planned in a scratch copy and vetted, then applied. */
  addFlow(tool: string, input: AddFlowInput): AddFlow;
  /** `lk update`'s changer for a project; undefined when the project has nothing it changes. */
  updater(input: UpdaterInput): DependencyUpdater | undefined;
}
