import type { SourceKind } from "../../../../model/types.js";

/** `name@range` split at the `@` after the name (a scoped name starts with one). */
export interface Descriptor {
  name: string;
  range: string;
}

/** Splits `name@range` / `@scope/name@range`; undefined when there is no name or no range. */
export function splitDescriptor(text: string): Descriptor | undefined {
  const at = text.indexOf("@", text.startsWith("@") ? text.indexOf("/") + 1 : 0);
  if (at <= 0 || at === text.length - 1) return undefined;
  const name = text.slice(0, at);
  // A scoped name has exactly one slash, with something on both sides.
  if (name.charCodeAt(0) === 64) {
    const slash = name.indexOf("/");
    if (slash < 2 || slash === name.length - 1 || name.indexOf("/", slash + 1) >= 0) return undefined;
  }
  return { name, range: text.slice(at + 1) };
}

/**
 * What a range (or a berry locator's reference) points at. `npm:` aliases name the real package;
 * `patch:` wraps another descriptor whose source the patched package keeps.
 */
export type RangeTarget =
  | { kind: "registry"; range: string; realName?: string }
  | { kind: "workspace"; path: string }
  | { kind: "patch"; inner: Descriptor; source: RangeTarget }
  | { kind: Exclude<SourceKind, "registry" | "workspace">; url: string }
  | { kind: "unsupported"; protocol: string };

const GIT_HOSTS = /^(?:github|gitlab|bitbucket|gist):/;
const GIT_URL = /^(?:git\+|git:\/\/|git@|ssh:\/\/)/;
const GIT_HTTP =
  /^https?:\/\/[^#]*\.git(?:#|$)|^https?:\/\/(?:www\.)?(?:github\.com|gitlab\.com|bitbucket\.org)\/[^/]+\/[^/#]+\/?(?:#|$)/;
/** npm's `owner/repo` or `owner/repo#ref` GitHub shorthand (no protocol, exactly one slash). */
const GITHUB_SHORTHAND = /^[\w.-]+\/[\w.-]+(?:#.*)?$/;

/** Classifies a range as yarn classic or berry writes it (`^1`, `npm:a@^1`, `workspace:*`, git, paths, URLs). */
export function classifyRange(range: string): RangeTarget {
  if (range.startsWith("npm:")) {
    const rest = range.slice(4);
    const alias = splitDescriptor(rest);
    // `npm:real@^1` is an alias; `npm:^1` (berry's default protocol) is a plain range.
    if (alias && !/^[\^~<>=*\d]/.test(rest))
      return { kind: "registry", range: alias.range, realName: alias.name };
    return { kind: "registry", range: rest };
  }
  if (range.startsWith("workspace:")) return { kind: "workspace", path: range.slice(10) };
  if (range.startsWith("patch:")) return classifyPatch(range.slice(6));
  if (range.startsWith("file:")) return { kind: "file", url: range };
  if (range.startsWith("link:") || range.startsWith("portal:")) return { kind: "link", url: range };
  if (GIT_HOSTS.test(range) || GIT_URL.test(range) || GIT_HTTP.test(range))
    return { kind: "git", url: range };
  if (/^https?:\/\//.test(range)) return { kind: "url", url: range };
  if (GITHUB_SHORTHAND.test(range)) return { kind: "git", url: `github:${range}` };
  if (range.startsWith(".") || range.startsWith("/") || range.startsWith("~/"))
    return { kind: "file", url: range };
  const protocol = /^([a-z][a-z0-9+-]*):/.exec(range)?.[1];
  if (protocol) return { kind: "unsupported", protocol };
  return { kind: "registry", range };
}

/**
 * `patch:a@npm%3A1.0.0#./patches/a.patch::version=1.0.0&hash=…`: the part before `#` is the
 * patched descriptor, percent-encoded in berry's resolutions and sometimes plain in its keys.
 */
function classifyPatch(rest: string): RangeTarget {
  const hash = rest.indexOf("#");
  const encoded = hash < 0 ? rest : rest.slice(0, hash);
  let decoded = encoded;
  try {
    decoded = decodeURIComponent(encoded);
  } catch {
    // A literal `%` that is not an escape: keep the text as written.
  }
  const inner = splitDescriptor(decoded);
  if (!inner) return { kind: "unsupported", protocol: "patch" };
  const source = classifyRange(inner.range);
  if (source.kind === "patch" || source.kind === "unsupported" || source.kind === "workspace") {
    return { kind: "unsupported", protocol: "patch" };
  }
  return { kind: "patch", inner, source };
}

/** The source a patched package keeps: the one of the descriptor it patches. */
export function underlyingTarget(target: RangeTarget): Exclude<RangeTarget, { kind: "patch" }> {
  return target.kind === "patch" ? underlyingTarget(target.source) : target;
}

/**
 * Dependency ranges as a lookup key in both dialects: berry writes `npm:` in lockfile keys and
 * (since lockfile v6 or so) in dependency lists, while older berry and package.json ranges omit
 * it. Stripping it from plain ranges gives one form; aliases (`npm:real@^1`) keep it.
 */
export function canonicalRange(range: string): string {
  if (!range.startsWith("npm:")) return range;
  // Hot path (every edge): a plain `npm:^1` has no `@`; only then is a full classification needed.
  if (!range.includes("@", 4)) return range.slice(4);
  const target = classifyRange(range);
  return target.kind === "registry" && target.realName === undefined ? target.range : range;
}

/**
 * A descriptor without berry's binding parameters (`::locator=…`, `::__archiveUrl=…`), which
 * yarn appends to keys of relative `file:`/`patch:` descriptors but not to the dependency lists
 * that refer to them.
 */
export function withoutBindings(range: string): string {
  const at = range.indexOf("::");
  return at < 0 ? range : range.slice(0, at);
}
