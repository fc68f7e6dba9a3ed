import type { Hash, PackageSource } from "../../../../model/types.js";
import {
  classifyRange,
  type Descriptor,
  type RangeTarget,
  splitDescriptor,
  underlyingTarget,
  withoutBindings,
} from "./descriptors.js";
import type { EntryResult, LockDependency, LockEntry } from "./lock-entry.js";
import { optionalNames, readDependencyBlock } from "./lock-entry.js";
import { type RawEntry, scalarField } from "./lock-syntax.js";

/** Berry's version for packages it builds from the project itself (workspaces, links). */
const LOCAL_VERSION = "0.0.0-use.local";

/**
 * A berry (yarn ≥ 2) entry: `"a@npm:^1, a@npm:^1.1":` with `version`, `resolution` (the locator
 * actually installed, which names the real package of an alias or patch), `dependencies`
 * (optional ones flagged in `dependenciesMeta`), `peerDependencies` and `checksum`.
 *
 * Peer dependencies of packages get no edges: yarn never installs them on a package's behalf
 * (the parent provides them), so following them would invent paths. They are kept for
 * workspaces, whose manifests may be missing.
 */
export function berryEntry(raw: RawEntry): EntryResult {
  const descriptors: Descriptor[] = [];
  for (const key of raw.keys) {
    const descriptor = splitDescriptor(key);
    if (!descriptor) return { error: `"${key}" is not a name@range descriptor` };
    descriptors.push(descriptor);
  }
  const resolutionText = scalarField(raw.body, "resolution");
  if (!resolutionText) return { error: "entry has no resolution" };
  const resolution = splitDescriptor(resolutionText);
  if (!resolution) return { error: `resolution "${resolutionText}" is not a name@reference locator` };
  const version = scalarField(raw.body, "version");
  if (!version) return { error: "entry has no version" };

  const target = classifyRange(resolution.range);
  const base = underlyingTarget(target);
  if (base.kind === "unsupported") return { error: `unsupported protocol "${base.protocol}:"` };

  const name = resolution.name;
  const aliases: string[] = [];
  for (const d of descriptors) if (d.name !== name && !aliases.includes(d.name)) aliases.push(d.name);

  const optional = optionalNames(raw.body);
  const dependencies: LockDependency[] = [];
  const kindOf = (dep: string) => (optional.has(dep) ? "optional" : "prod");
  const error =
    readDependencyBlock(raw.body, "dependencies", kindOf, dependencies) ??
    readDependencyBlock(raw.body, "optionalDependencies", () => "optional", dependencies) ??
    (base.kind === "workspace"
      ? readDependencyBlock(raw.body, "peerDependencies", () => "peer", dependencies)
      : undefined);
  if (error) return { error };

  const entry: LockEntry = {
    key: raw.keyText,
    line: raw.line,
    descriptors,
    name,
    source: sourceOf(base, resolution.range),
    hashes: checksumHashes(scalarField(raw.body, "checksum")),
    aliases,
    dependencies,
  };
  if (base.kind === "workspace") entry.workspacePath = base.path;
  // Workspaces, links and portals have no version of their own; berry writes a placeholder.
  if (version !== LOCAL_VERSION || base.kind === "registry" || base.kind === "git" || base.kind === "url") {
    entry.version = version;
  }
  return { entry };
}

function sourceOf(
  base: Exclude<RangeTarget, { kind: "patch" | "unsupported" }>,
  reference: string,
): PackageSource {
  switch (base.kind) {
    case "workspace":
      return { kind: "workspace" };
    case "registry": {
      // Only packages from a non-default registry record their tarball (`::__archiveUrl=`).
      const archive = reference.includes("__archiveUrl=")
        ? /__archiveUrl=([^&]+)/.exec(reference)?.[1]
        : undefined;
      return archive ? { kind: "registry", url: safeDecode(archive) } : { kind: "registry" };
    }
    default:
      return { kind: base.kind, url: withoutBindings(base.url) };
  }
}

/**
 * Berry's `checksum` (`10c0/<hex>`, `10/<hex>` or plain `<hex>` before cache keys) is the
 * sha512 of the zip archive yarn stores in its cache, NOT of the registry tarball: it will not
 * match npm's `integrity`. It is kept as sha512 because that is what it is, of another file.
 */
export function checksumHashes(checksum: string | undefined): Hash[] {
  if (!checksum) return [];
  const start = checksum.lastIndexOf("/") + 1;
  if (checksum.length - start !== 128) return [];
  // A charCode loop: this runs once per entry, and a regex plus lowercasing costs several times more.
  let upper = false;
  for (let i = start; i < checksum.length; i++) {
    const c = checksum.charCodeAt(i);
    if ((c >= 48 && c <= 57) || (c >= 97 && c <= 102)) continue;
    if (c >= 65 && c <= 70) upper = true;
    else return [];
  }
  const hex = checksum.slice(start);
  return [{ algorithm: "sha512", value: upper ? hex.toLowerCase() : hex }];
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
