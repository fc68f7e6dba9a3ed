import type { PackageReleases, ReleaseSource } from "../../core/ecosystems/registry/releases.js";
import { isLockkeeperError, LockkeeperError } from "../../core/errors.js";
import { JUMP_CLASSES, type JumpClass } from "../../core/updates/jump.js";
import { findOutdated, type ReleaseSources } from "../../core/updates/outdated.js";
import { EXIT } from "../exit-codes.js";
import type { CliIo } from "../io.js";
import { renderOutdated } from "../output/outdated-formats.js";
import { toolVersion } from "../version.js";
import { loadProject } from "./project.js";
import { projectRegistries } from "./project-registries.js";

export interface OutdatedOptions {
  format: string;
  all?: boolean;
  config?: string;
  /** Exit 1 when an update of this class or bigger exists. */
  failOn?: string;
}

/**
 * `lk outdated`: installed, wanted and latest versions of each direct (or with --all every)
 * dependency, the jump class, the age of the newest release, deprecations and yanks.
 */
export async function outdatedCommand(io: CliIo, target: string, options: OutdatedOptions): Promise<number> {
  const failOn = parseFailOn(options.failOn);
  const project = loadProject(io, target, options.config);
  const registries = projectRegistries(io, project.projectDir, project.config);
  const warnings: string[] = [];
  const sources = tolerant(registries, warnings);
  const entries = await findOutdated(project.inventory, sources, { all: options.all === true });
  io.stdout(
    renderOutdated(
      { toolVersion: toolVersion(), target, all: options.all === true, entries, warnings },
      options.format,
    ),
  );
  for (const warning of warnings) io.stderr(`lk: warning: ${warning}\n`);
  if (
    failOn &&
    entries.some((entry) => entry.jump && JUMP_CLASSES.indexOf(entry.jump) >= JUMP_CLASSES.indexOf(failOn))
  )
    return EXIT.FINDINGS;
  return EXIT.OK;
}

/**
 * Registry failures are printed once each as warnings; findOutdated marks the entries they leave
 * incomplete, so one package the registry cannot answer for does not hide the others.
 */
function tolerant(sources: ReleaseSources, warnings: string[]): ReleaseSources {
  // One warning per registry and problem: the same outage seen from many package URLs is one.
  const seen = new Set<string>();
  const wrap = (source: ReleaseSource | undefined): ReleaseSource | undefined =>
    source && {
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
    };
  const wrapped: ReleaseSources = {};
  if (sources.npm) wrapped.npm = wrap(sources.npm);
  if (sources.pypi) wrapped.pypi = wrap(sources.pypi);
  return wrapped;
}

function parseFailOn(value: string | undefined): JumpClass | undefined {
  if (value === undefined) return undefined;
  if ((JUMP_CLASSES as readonly string[]).includes(value)) return value as JumpClass;
  throw new LockkeeperError("USAGE", `--fail-on takes ${JUMP_CLASSES.join(", ")}, not "${value}"`);
}
