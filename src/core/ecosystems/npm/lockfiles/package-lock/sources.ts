import type { PackageSource } from "../../../../model/types.js";

/** Hosted-git shorthands npm writes for git dependencies (`github:user/repo#sha`). */
const GIT_PREFIXES = ["git+", "git://", "github:", "gitlab:", "bitbucket:", "gist:"];

export function isGitSpec(spec: string): boolean {
  for (const prefix of GIT_PREFIXES) if (spec.startsWith(prefix)) return true;
  return /^[\w.-]+@[\w.-]+:/.test(spec); // scp-like `git@github.com:user/repo.git`
}

/** Whether a URL is a registry tarball: npm registries serve them at `<name>/-/<file>.tgz`. */
export function isRegistryTarball(url: string): boolean {
  return (
    (url.startsWith("https://") || url.startsWith("http://")) && url.includes("/-/") && url.endsWith(".tgz")
  );
}

/**
 * Where a package came from, from its `resolved` field (v2/v3, and v1 entries with a real version).
 * A missing `resolved` means the registry: npm omits it for bundled packages and some old entries.
 */
export function sourceFromResolved(resolved: string | undefined): PackageSource {
  if (resolved === undefined || resolved === "") return { kind: "registry" };
  // The registry case first: it is nearly every entry, and a git URL never starts with http.
  if (isRegistryTarball(resolved)) return { kind: "registry", url: resolved };
  if (isGitSpec(resolved)) return { kind: "git", url: resolved };
  if (resolved.startsWith("file:")) return { kind: "file", url: resolved.slice(5) };
  if (/^https?:\/\//.test(resolved)) return { kind: "url", url: resolved };
  // npm writes link targets and local folders as bare relative paths.
  return { kind: "file", url: resolved };
}

/** What a v1 `version` field says: v1 puts the spec there when the package is not from a registry. */
export interface V1Version {
  name?: string;
  version?: string;
  source?: PackageSource;
}

/**
 * Reads a v1 `version`: a plain version, `npm:real-name@1.2.3` (alias), `file:path`, a git URL
 * whose fragment is the commit (used as the version, as npm does for git packages), or a tarball URL.
 */
export function parseV1Version(spec: string): V1Version {
  const first = spec.charCodeAt(0);
  if (first >= 48 && first <= 57) return { version: spec }; // a digit: the usual plain version
  if (spec.startsWith("npm:")) {
    const target = spec.slice(4);
    const at = target.lastIndexOf("@");
    if (at > 0) return { name: target.slice(0, at), version: target.slice(at + 1) };
    return { name: target };
  }
  if (spec.startsWith("file:")) return { source: { kind: "file", url: spec.slice(5) } };
  if (isGitSpec(spec)) {
    const hash = spec.lastIndexOf("#");
    const commit = hash >= 0 ? spec.slice(hash + 1) : "";
    return commit
      ? { version: commit, source: { kind: "git", url: spec } }
      : { source: { kind: "git", url: spec } };
  }
  if (/^https?:\/\//.test(spec)) return { source: { kind: "url", url: spec } };
  return { version: spec };
}
