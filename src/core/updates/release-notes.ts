import type { UpdatesConfig } from "../config/updates-section.js";
import { adapterFor } from "../ecosystems/index.js";
import { isLockkeeperError } from "../errors.js";
import { type ChangelogExcerpt, excerptChangelog } from "./changelog/changelog-excerpt.js";
import { changelogFromArchive } from "./changelog/find-changelog.js";
import { githubReleases } from "./changelog/github-releases.js";
import type { PlannedUpdate } from "./plan-updates.js";

/** Where an update's release notes came from, or why there are none. */
export type ReleaseNotes =
  | { source: "changelog"; file: string; excerpt: ChangelogExcerpt }
  | { source: "github"; repository: string; excerpt: ChangelogExcerpt }
  | { source: "none"; reason: string };

/** How published archives are fetched: the npm client's integrity-checked tarball download. */
export interface ArchiveSource {
  downloadTarball(name: string, version: string): Promise<Uint8Array>;
}

/**
 * The notes between the installed and the new version: the changelog inside the published package
 * first, then the repository's GitHub releases when `updates.changelog.githubRepositories` names
 * one. A failure to fetch is a reason in the description, never a failed update.
 */
export async function releaseNotes(
  update: PlannedUpdate,
  archives: ArchiveSource | undefined,
  settings: UpdatesConfig["changelog"],
  env: NodeJS.ProcessEnv,
): Promise<ReleaseNotes> {
  const range = { from: update.from, to: update.to, scheme: adapterFor(update.ecosystem).versioning };
  const reasons: string[] = [];
  if (archives && update.ecosystem === "npm") {
    try {
      const changelog = changelogFromArchive(await archives.downloadTarball(update.name, update.to), "tgz");
      if (!changelog) reasons.push("the published package has no changelog");
      else {
        const excerpt = excerptChangelog(changelog.text, { ...range, format: changelog.format });
        if (excerpt && excerpt.releases.length > 0)
          return { source: "changelog", file: changelog.path.replace(/^[^/]+\//, ""), excerpt };
        reasons.push(
          `${changelog.path.replace(/^[^/]+\//, "")} has no section between ${update.from} and ${update.to}`,
        );
      }
    } catch (error: unknown) {
      if (!isLockkeeperError(error)) throw error;
      reasons.push(`the package could not be read: ${error.message}`);
    }
  }
  const repository = settings.githubRepositories[update.name];
  if (repository) {
    try {
      const token = env[settings.githubTokenEnv];
      const excerpt = await githubReleases({
        ...range,
        repository,
        apiUrl: settings.githubApiUrl,
        packageName: update.name,
        ...(token ? { token } : {}),
      });
      if (excerpt && excerpt.releases.length > 0) return { source: "github", repository, excerpt };
      reasons.push(`no GitHub release of ${repository} between ${update.from} and ${update.to}`);
    } catch (error: unknown) {
      if (!isLockkeeperError(error)) throw error;
      reasons.push(`GitHub releases of ${repository}: ${error.message}`);
    }
  }
  return { source: "none", reason: reasons.join("; ") || "no changelog source for this ecosystem" };
}
