import type { PackageReleases, ReleaseSource } from "../ecosystems/registry/releases.js";
import { isLockkeeperError } from "../errors.js";
import { JUMP_CLASSES, type JumpClass } from "../updates/jump.js";
import { findOutdated, type OutdatedEntry, type ReleaseSources } from "../updates/outdated.js";
import type { AppContext } from "./context.js";
import { openProject, withConfigFile } from "./project.js";
import { projectRegistries } from "./registries.js";

export interface OutdatedRequest {
  target: string;
  /** Transitive packages too, not only direct dependencies. */
  all?: boolean;
  /** The gate: an update of this class or bigger fails. */
  failOn?: JumpClass;
  configFile?: string;
}

export interface OutdatedReport {
  toolVersion: string;
  target: string;
  /** Transitive packages were included (`all`). */
  all: boolean;
  entries: OutdatedEntry[];
  /** Registry reads that failed for some packages (the rest still reported), one per outage. */
  warnings: string[];
  /** Entries at or above `failOn`. */
  failing: OutdatedEntry[];
}

/**
 * `lk outdated`: installed, wanted and latest versions of each direct (or every) dependency, the
 * jump class, the age of the newest release, deprecations and yanks. A registry that cannot answer
 * for some packages leaves those entries incomplete (marked) and is reported once as a warning.
 */
export async function outdatedReport(context: AppContext, request: OutdatedRequest): Promise<OutdatedReport> {
  const project = openProject(context, request.target, withConfigFile(request.configFile));
  const registries = await projectRegistries(context, project.projectDir, project.config);
  const warnings: string[] = [];
  const all = request.all === true;
  const entries = await findOutdated(project.inventory, tolerant(registries, warnings), { all });
  const failOn = request.failOn;
  const failing =
    failOn === undefined
      ? []
      : entries.filter(
          (entry) => entry.jump && JUMP_CLASSES.indexOf(entry.jump) >= JUMP_CLASSES.indexOf(failOn),
        );
  return { toolVersion: context.toolVersion, target: request.target, all, entries, warnings, failing };
}

/**
 * Registry failures become warnings, once each; findOutdated marks the entries they leave
 * incomplete, so one package the registry cannot answer for does not hide the others.
 */
function tolerant(sources: ReleaseSources, warnings: string[]): ReleaseSources {
  // One warning per registry and problem: the same outage seen from many package URLs is one.
  const seen = new Set<string>();
  const wrap = (source: ReleaseSource): ReleaseSource => ({
    async packageReleases(name: string): Promise<PackageReleases | undefined> {
      try {
        return await source.packageReleases(name);
      } catch (error: unknown) {
        const problem = isLockkeeperError(error) && error.code === "NETWORK" ? error.message : undefined;
        const key = problem?.replace(/ \([^)]*\)/, "");
        if (problem && key && !seen.has(key)) {
          seen.add(key);
          warnings.push(problem);
        }
        throw error;
      }
    },
  });
  return new Map([...sources].map(([ecosystem, source]) => [ecosystem, wrap(source)]));
}
