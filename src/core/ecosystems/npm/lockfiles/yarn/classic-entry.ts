import { hashesFromIntegrity, hashFromPrefixed } from "../../../../model/hashes.js";
import type { Hash, PackageSource } from "../../../../model/types.js";
import { classifyRange, type Descriptor, type RangeTarget, splitDescriptor } from "./descriptors.js";
import type { EntryResult, LockDependency } from "./lock-entry.js";
import { readDependencyBlock } from "./lock-entry.js";
import { type RawEntry, scalarField } from "./lock-syntax.js";

const CODELOAD = /^https?:\/\/codeload\.github\.com\//;
/** npm-style registries serve tarballs at `<registry>/<name>/-/<file>.tgz`. */
const REGISTRY_TARBALL = /\/-\/[^/]+\.tgz(?:[?#]|$)/;

/**
 * A yarn classic (v1) entry: `"a@^1", a@^1.1:` with `version`, `resolved` (`<url>#<sha1>`),
 * `integrity` and `dependencies`/`optionalDependencies` blocks. Classic records no resolution,
 * so the real name of an alias comes from its range (`b@npm:a@^1` installs `a`).
 */
export function classicEntry(raw: RawEntry): EntryResult {
  const descriptors: Descriptor[] = [];
  for (const key of raw.keys) {
    const descriptor = splitDescriptor(key);
    if (!descriptor) return { error: `"${key}" is not a name@range descriptor` };
    descriptors.push(descriptor);
  }
  const first = descriptors[0];
  if (!first) return { error: "entry has no descriptor" };
  const version = scalarField(raw.body, "version");
  if (!version) return { error: "entry has no version" };

  let name: string | undefined;
  let target: RangeTarget | undefined;
  const aliases: string[] = [];
  for (const descriptor of descriptors) {
    const t = classifyRange(descriptor.range);
    const realName = t.kind === "registry" && t.realName ? t.realName : descriptor.name;
    if (name !== undefined && realName !== name) {
      return { error: `descriptors name different packages (${name}, ${realName})` };
    }
    name = realName;
    target ??= t;
    if (descriptor.name !== realName && !aliases.includes(descriptor.name)) aliases.push(descriptor.name);
  }
  if (name === undefined || target === undefined) return { error: "entry has no descriptor" };
  if (target.kind === "unsupported" || target.kind === "patch") {
    return { error: `unsupported protocol "${target.kind === "patch" ? "patch" : target.protocol}:"` };
  }

  const resolved = scalarField(raw.body, "resolved");
  const source = classicSource(target, resolved);
  const hashes: Hash[] = hashesFromIntegrity(scalarField(raw.body, "integrity"));
  // The `#fragment` of a tarball URL is the tarball's sha1; of a git URL it is a commit, not a hash.
  if (resolved && (source.kind === "registry" || source.kind === "url")) {
    const hash = resolved.indexOf("#");
    const sha1 = hash >= 0 ? hashFromPrefixed(resolved.slice(hash + 1)) : undefined;
    if (sha1) hashes.push(sha1);
  }

  const dependencies: LockDependency[] = [];
  const error =
    readDependencyBlock(raw.body, "dependencies", () => "prod", dependencies) ??
    readDependencyBlock(raw.body, "optionalDependencies", () => "optional", dependencies);
  if (error) return { error };

  if (target.kind === "workspace") {
    return {
      entry: {
        key: raw.keyText,
        line: raw.line,
        descriptors,
        name,
        version,
        source: { kind: "workspace" },
        hashes,
        aliases,
        workspacePath: target.path,
        dependencies,
      },
    };
  }
  return {
    entry: {
      key: raw.keyText,
      line: raw.line,
      descriptors,
      name,
      version,
      source,
      hashes,
      aliases,
      dependencies,
    },
  };
}

/**
 * The source from the range, corrected by `resolved`: a registry range can be overridden by
 * `resolutions` to a git or tarball URL, which classic records only in `resolved`.
 */
function classicSource(
  target: Exclude<RangeTarget, { kind: "patch" | "unsupported" }>,
  resolved: string | undefined,
): PackageSource {
  const url = resolved === undefined ? undefined : stripFragment(resolved);
  switch (target.kind) {
    case "registry": {
      if (url === undefined || REGISTRY_TARBALL.test(url))
        return url ? { kind: "registry", url } : { kind: "registry" };
      // Classic fetches GitHub dependencies as codeload tarballs: the URL is the only trace of git.
      if (CODELOAD.test(url)) return { kind: "git", url: resolved ?? url };
      const byUrl = classifyRange(url);
      if (byUrl.kind === "git" || byUrl.kind === "file" || byUrl.kind === "link")
        return { kind: byUrl.kind, url: resolved ?? url };
      return { kind: "url", url };
    }
    case "workspace":
      return { kind: "workspace" };
    case "git":
      // The resolved URL pins the commit; the range only names a branch or tag.
      return { kind: "git", url: resolved ?? target.url };
    default:
      return { kind: target.kind, url: url ?? target.url };
  }
}

function stripFragment(url: string): string {
  const hash = url.indexOf("#");
  return hash < 0 ? url : url.slice(0, hash);
}
