import * as z from "zod";
import { type RegistryConnection, RegistryHttp } from "../../ecosystems/registry/registry-http.js";
import { LockkeeperError } from "../../errors.js";
import type { HttpClient } from "../../http/http-client.js";
import { trimBaseUrl } from "../../http/urls.js";
import { releaseIsBreaking } from "./breaking-changes.js";
import {
  type CandidateRelease,
  type ChangelogExcerpt,
  type ReleaseRange,
  selectReleases,
} from "./changelog-release.js";

export interface GithubReleasesOptions extends ReleaseRange {
  /** Default https://api.github.com (GitHub Enterprise: `https://host/api/v3`). */
  apiUrl?: string;
  /** `owner/name`. */
  repository: string;
  /** Sent as a bearer token to `apiUrl` only; never shown. */
  token?: string;
  /**
   * For monorepos whose tags are `name@1.2.3` (or `name-v1.2.3`): keep only this package's tags.
   * Tags without such a prefix are always kept.
   */
  packageName?: string;
  /** Pages of 100 releases read at most. Default 10. */
  maxPages?: number;
  /** How requests are sent (fetch, timeouts, retries). */
  http?: HttpClient;
  signal?: AbortSignal;
}

/** The fields of a GitHub release this reads; others are ignored. */
const releaseSchema = z.object({
  tag_name: z.string(),
  name: z.string().nullish(),
  body: z.string().nullish(),
  draft: z.boolean().optional(),
  prerelease: z.boolean().optional(),
  html_url: z.string().optional(),
});
const pageSchema = z.array(releaseSchema);
type GithubRelease = z.infer<typeof releaseSchema>;

/**
 * Release notes from a repository's GitHub releases, as a changelog excerpt (Markdown): GET
 * `/repos/{owner}/{repo}/releases?per_page=100`, following `Link: rel="next"` on the same
 * origin, until a page reaches `from` (its release, or only older ones) or `maxPages`. The
 * version comes from `tag_name` without a `v` or `name@` prefix; drafts are skipped, and
 * pre-releases too unless `to` is one. Undefined when no release tag is a version of the scheme.
 * Throws NOT_FOUND for an unknown (or hidden) repository and NETWORK errors from `RegistryHttp`.
 */
export async function githubReleases(options: GithubReleasesOptions): Promise<ChangelogExcerpt | undefined> {
  if (!/^[\w.-]+\/[\w.-]+$/.test(options.repository)) {
    throw new LockkeeperError("USAGE", `"${options.repository}" is not a GitHub repository (owner/name)`);
  }
  const apiUrl = trimBaseUrl(options.apiUrl ?? "https://api.github.com");
  const origin = new URL(apiUrl).origin;
  const http = new RegistryHttp({
    ...(options.http ? { client: options.http } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const connection: RegistryConnection = {
    registry: "GitHub API",
    baseUrl: apiUrl,
    ...(options.token ? { token: options.token } : {}),
  };

  const found: { release: GithubRelease; version: Tagged }[] = [];
  let url: string | undefined = `${apiUrl}/repos/${options.repository}/releases?per_page=100`;
  for (let page = 0; url !== undefined && page < (options.maxPages ?? 10); page++) {
    const answer = await http.getJson(url, "application/vnd.github+json", connection);
    if (answer.status === 404) {
      throw new LockkeeperError("NOT_FOUND", `GitHub has no repository ${options.repository}`, {
        hint: "check the repository setting, or give a token that can see it",
      });
    }
    const parsed = pageSchema.safeParse(answer.json);
    if (!parsed.success) {
      throw new LockkeeperError(
        "NETWORK",
        `the GitHub API sent an unexpected releases list for ${options.repository}`,
      );
    }
    // Releases come newest first: once a page holds `from`, or only older versions, the rest is older.
    let newer = 0;
    let older = 0;
    for (const release of parsed.data) {
      const version = taggedVersion(release.tag_name, options);
      if (version === undefined) continue;
      found.push({ release, version });
      if (options.scheme.compare(version.comparable, options.from) > 0) newer++;
      else older++;
    }
    if (found.some(({ version }) => options.scheme.compare(version.comparable, options.from) === 0)) break;
    if (older > 0 && newer === 0) break;
    url = nextLink(answer.headers.get("link"), origin);
  }
  if (found.length === 0) return undefined;

  const toIsPrerelease = found.some(
    ({ release, version }) =>
      release.prerelease === true && options.scheme.compare(version.comparable, options.to) === 0,
  );
  const candidates: CandidateRelease[] = found
    .filter(({ release }) => release.draft !== true && (release.prerelease !== true || toIsPrerelease))
    .map(({ release, version }) => {
      const body = (release.body ?? "").replace(/\r\n?/g, "\n").trim();
      const heading = release.name?.trim() || release.tag_name;
      return {
        comparable: version.comparable,
        release: {
          version: version.version,
          heading,
          body,
          breaking: releaseIsBreaking(heading, body, "markdown"),
          ...(release.html_url ? { url: release.html_url } : {}),
        },
      };
    });
  return { format: "markdown", ...selectReleases(candidates, options) };
}

interface Tagged {
  version: string;
  comparable: string;
}

/** `v1.2.3`, `1.2.3`, `name@1.2.3`, `@scope/name@v1.2.3`, `name-v1.2.3`; undefined for other tags or other packages. */
function taggedVersion(tag: string, options: GithubReleasesOptions): Tagged | undefined {
  const [, atPrefix, dashPrefix, version] =
    /^(?:(?!v?\d)(.+)@|(?!v?\d)(.*?[^\d.])[-/_](?=v?\d))?v?(\d.*)$/.exec(tag) ?? [];
  if (version === undefined) return undefined;
  const prefix = atPrefix ?? dashPrefix;
  if (prefix !== undefined && options.packageName !== undefined) {
    const bare = options.packageName.replace(/^@[^/]+\//, "");
    if (prefix !== options.packageName && prefix !== bare) return undefined;
  }
  return options.scheme.isValid(version) ? { version, comparable: version } : undefined;
}

/** The `rel="next"` target of a Link header, only on the API's own origin so the token stays there. */
function nextLink(header: string | null, origin: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(",")) {
    const [, target, rel] = /<([^>]+)>\s*;\s*rel="?([^";]+)"?/.exec(part.trim()) ?? [];
    if (target !== undefined && rel?.split(/\s+/).includes("next")) {
      return new URL(target).origin === origin ? target : undefined;
    }
  }
  return undefined;
}
