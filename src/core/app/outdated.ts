import type { PackageReleases, ReleaseSource } from "../ecosystems/registry/releases.js";
import { type UnreadableLockfile, unreadableLockfiles } from "../inventory/load-inventory.js";
import type { Inventory } from "../model/types.js";
import { JUMP_CLASSES, type JumpClass } from "../updates/jump.js";
import { findOutdated, type OutdatedEntry, type ReleaseSources } from "../updates/outdated.js";
import type { AppContext } from "./context.js";
import { ProgressCounter } from "./progress-counter.js";
import { openProject, withConfigFile } from "./project.js";
import { projectRegistries } from "./registries.js";
import { RegistryWarnings } from "./registry-warnings.js";

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
  /**
   * What the versions shown rest on: lockfile warnings (a lock out of date with its manifest, a
   * declared dependency missing from it) and registry reads that failed for some packages (the
   * rest still reported), one per outage.
   */
  warnings: string[];
  /** The gate asked for, if any, and the entries at or above it. */
  failOn?: JumpClass;
  failing: OutdatedEntry[];
  /**
   * Set when no package could be compared with its registry (none answered, or there was nothing
   * to ask about): then a `failOn` gate has checked nothing and cannot pass.
   */
  notChecked?: string;
  /** Lockfiles that could not be read (each has `coverage.unreadable`); the others were compared. */
  unreadableLockfiles: UnreadableLockfile[];
}

/**
 * `lk outdated`: installed, wanted and latest versions of each direct (or every) dependency, the
 * jump class, the age of the newest release, deprecations and yanks. A registry that cannot answer
 * for some packages leaves those entries incomplete (marked) and is reported once as a warning.
 */
export async function outdatedReport(context: AppContext, request: OutdatedRequest): Promise<OutdatedReport> {
  const project = openProject(context, request.target, withConfigFile(request.configFile));
  const registries = await projectRegistries(context, project.projectDir, project.config);
  const warnings = new RegistryWarnings();
  const answered = { count: 0, asked: 0 };
  const all = request.all === true;
  const progress = new ProgressCounter(context, "asking the registries");
  const entries = await findOutdated(project.inventory, tolerant(registries, warnings, answered, progress), {
    all,
  });
  const failOn = request.failOn;
  const failing =
    failOn === undefined
      ? []
      : entries.filter(
          // "ahead" is no update: it never fails the gate.
          (entry) =>
            entry.jump !== undefined &&
            entry.jump !== "ahead" &&
            JUMP_CLASSES.indexOf(entry.jump) >= JUMP_CLASSES.indexOf(failOn),
        );
  const notChecked =
    answered.count > 0
      ? undefined
      : answered.asked === 0
        ? "no dependency from a registry to check"
        : `the registries answered for none of the ${answered.asked} package${answered.asked === 1 ? "" : "s"}`;
  return {
    toolVersion: context.toolVersion,
    target: request.target,
    all,
    entries,
    warnings: [...lockfileWarnings(project.inventory), ...warnings.messages],
    ...(failOn ? { failOn } : {}),
    failing,
    ...(notChecked ? { notChecked } : {}),
    unreadableLockfiles: unreadableLockfiles(project.inventory),
  };
}

function lockfileWarnings(inventory: Inventory): string[] {
  return inventory.snapshots.flatMap((snapshot) =>
    snapshot.coverage.warnings.map((warning) => `${snapshot.lockfile.path}: ${warning}`),
  );
}

/**
 * Registry failures become warnings, once each; findOutdated marks the entries they leave
 * incomplete, so one package the registry cannot answer for does not hide the others. Counts the
 * packages the registries answered for.
 */
function tolerant(
  sources: ReleaseSources,
  warnings: RegistryWarnings,
  answered: { count: number; asked: number },
  progress: ProgressCounter,
): ReleaseSources {
  const wrap = (source: ReleaseSource): ReleaseSource => ({
    packageReleases(name: string): Promise<PackageReleases | undefined> {
      answered.asked++;
      return progress.track(async () => {
        try {
          const releases = await source.packageReleases(name);
          if (releases) answered.count++;
          return releases;
        } catch (error: unknown) {
          warnings.note(error);
          throw error;
        }
      });
    },
  });
  return new Map([...sources].map(([ecosystem, source]) => [ecosystem, wrap(source)]));
}
