import { ECOSYSTEMS } from "../ecosystems/index.js";
import { LockkeeperError } from "../errors.js";
import type { Ecosystem } from "../model/types.js";
import type { DependencyChanges } from "./change-tools.js";

/** Where `lk add` adds a dependency, and with which tool. */
export interface AddTarget {
  ecosystem: Ecosystem;
  /** `npm`, `pnpm`, `yarn`, `pip-tools`, `poetry`, `uv` … */
  tool: string;
  changes: DependencyChanges;
}

export interface AddTargetOptions {
  /** `--ecosystem`: required when the project has dependencies of several. */
  ecosystem?: Ecosystem;
  /** `--in-file`: an input file named by the user (pip-tools). */
  inFile?: string;
}

/**
 * The tool each ecosystem would add with in this project (npm's from its lockfile; Python's poetry
 * or uv from theirs, else pip-tools for `.in` inputs or `--in-file`). A project with several needs
 * `--ecosystem`; one with none is NO_LOCKFILE.
 */
export async function chooseAddTarget(
  projectDir: string,
  options: AddTargetOptions = {},
): Promise<AddTarget> {
  const candidates = await loadedChanges(options.ecosystem);
  if (options.inFile !== undefined && candidates.every((c) => !c.changes.namedInputs)) {
    throw new LockkeeperError(
      "USAGE",
      `--in-file names a pip-tools input: it does not go with --ecosystem ${options.ecosystem}`,
    );
  }
  const found = candidates.flatMap(({ ecosystem, changes }) => {
    const tool = changes.addTool(projectDir, options.inFile !== undefined ? { inFile: options.inFile } : {});
    return tool ? [{ ecosystem, tool, changes }] : [];
  });
  if (found.length > 1) {
    const which = found.map((target) => `${target.changes.label} (${target.tool})`).join(" and ");
    throw new LockkeeperError(
      "USAGE",
      `this project has ${which} dependencies: lk add cannot tell which the package is for`,
      { hint: `say it with ${found.map((target) => `--ecosystem ${target.ecosystem}`).join(" or ")}` },
    );
  }
  const [target] = found;
  if (target) return target;
  const needs = candidates.map((c) => c.changes.addNeeds).join(", ");
  throw new LockkeeperError("NO_LOCKFILE", `no ${needs} in ${projectDir}`, {
    hint: "run lk add in the project's directory (or pass --dir)",
  });
}

/** The change tools of every ecosystem that has them (or of the one asked for). */
async function loadedChanges(
  only: Ecosystem | undefined,
): Promise<{ ecosystem: Ecosystem; changes: DependencyChanges }[]> {
  const loaded = await Promise.all(
    ECOSYSTEMS.filter((adapter) => only === undefined || adapter.ecosystem === only).map(async (adapter) => {
      const changes = await adapter.loadChanges?.();
      return changes && { ecosystem: adapter.ecosystem, changes };
    }),
  );
  return loaded.filter((entry) => entry !== undefined);
}
