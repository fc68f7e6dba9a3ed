import type { Secrets } from "../config/secrets.js";
import type { UpdatesConfig } from "../config/updates-section.js";
import { adapterFor } from "../ecosystems/index.js";
import type { RegistryClients } from "../ecosystems/registry-clients.js";
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

/**
 * The notes between the installed and the new version: the changelog inside the published package
 * first, then the repository's GitHub releases when `updates.changelog.githubRepositories` names
 * one (with the token of `githubTokenEnv`, read through `secrets`). A failure to fetch is a reason
 * in the description, never a failed update; cancellation is not a failure and is passed on.
 */
export async function releaseNotes(
  update: PlannedUpdate,
  registries: RegistryClients,
  settings: UpdatesConfig["changelog"],
  secrets: Secrets,
): Promise<ReleaseNotes> {
  const range = { from: update.from, to: update.to, scheme: adapterFor(update.ecosystem).versioning };
  const reasons: string[] = [];
  try {
    const archive = await registries.get(update.ecosystem)?.releaseArchive?.(update.name, update.to);
    const changelog = archive && changelogFromArchive(archive.bytes, archive.kind);
    if (!archive) reasons.push("no published archive to read");
    else if (!changelog) reasons.push("the published package has no changelog");
    else {
      const file = changelog.path.replace(/^[^/]+\//, "");
      const excerpt = excerptChangelog(changelog.text, { ...range, format: changelog.format });
      if (excerpt && excerpt.releases.length > 0) return { source: "changelog", file, excerpt };
      reasons.push(`${file} has no section between ${update.from} and ${update.to}`);
    }
  } catch (error: unknown) {
    if (!isLockkeeperError(error) || error.code === "CANCELLED") throw error;
    reasons.push(`the package could not be read: ${error.message}`);
  }
  const repository = settings.githubRepositories[update.name];
  if (repository) {
    try {
      const token = secrets.read(
        settings.githubTokenEnv,
        "the GitHub token for release notes (updates.changelog.githubTokenEnv)",
      );
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
      if (!isLockkeeperError(error) || error.code === "CANCELLED") throw error;
      reasons.push(`GitHub releases of ${repository}: ${error.message}`);
    }
  }
  return { source: "none", reason: reasons.join("; ") };
}
