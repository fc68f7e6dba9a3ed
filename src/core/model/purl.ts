import type { VersionOrder } from "./package-order.js";
import type { Ecosystem, PackageSource } from "./types.js";

/** How an ecosystem's packages are named in package URLs (purl-spec) and SBOMs. */
export interface PurlConvention {
  /** The purl type (`npm`, `pypi`). */
  type: string;
  /** The purl name for a package name: `@scope/name` → namespace `@scope` (encoded) and name. */
  split(name: string): { namespace?: string; name: string };
  /** The package's name from a purl's namespace and name (the inverse of `split`). */
  join(namespace: string | undefined, name: string): string;
  /** The name SBOM components carry (npm: the package name; PyPI: the spelling in the lock). */
  componentName(pkg: { name: string; displayName: string }): string;
  /** The CycloneDX property of this ecosystem's taxonomy that marks a development-only package. */
  developmentProperty?: string;
}

/** How one ecosystem's packages are named: identity, purls. Every parser builds with one. */
export interface PackageNaming {
  ecosystem: Ecosystem;
  /** Identity form of a name (npm: unchanged; PyPI: PEP 503). */
  normaliseName(name: string): string;
  purl: PurlConvention;
  /** How its versions sort in lists (see `totalVersionOrder`); text order when absent. */
  versionOrder?: VersionOrder;
}

/**
 * The package URL (github.com/package-url/purl-spec) of a package, by its ecosystem's convention
 * (npm: `pkg:npm/%40scope/name@1.0.0`; PyPI: `pkg:pypi/name@1.0`). A package that does not come
 * from the registry says where it does come from, as the spec and cyclonedx-npm do: `vcs_url` for
 * git, `download_url` for a tarball URL; a git commit recorded in place of a version (npm v1
 * lockfiles) is not a registry version, so the purl then carries none.
 */
export function purlFor(
  convention: PurlConvention,
  name: string,
  version?: string,
  source?: PackageSource,
): string {
  const split = convention.split(name);
  const path = split.namespace
    ? `${encodeSegment(split.namespace)}/${encodeSegment(split.name)}`
    : encodeSegment(split.name);
  const qualifier = source && sourceQualifier(source);
  const registryVersion =
    version === "" || (qualifier && isRecordedCommit(source, version)) ? undefined : version;
  const base =
    registryVersion === undefined
      ? `pkg:${convention.type}/${path}`
      : `pkg:${convention.type}/${path}@${encodeSegment(registryVersion)}`;
  return qualifier ? `${base}?${qualifier}` : base;
}

function sourceQualifier(source: PackageSource): string | undefined {
  if (!source.url) return undefined;
  if (source.kind === "git") return `vcs_url=${encodeQualifierValue(withoutCredentials(source.url))}`;
  if (source.kind === "url") return `download_url=${encodeQualifierValue(withoutCredentials(source.url))}`;
  return undefined;
}

/** A purl is published in SBOMs: a token in a lockfile's `https://user:token@host/…` stays out of it. */
function withoutCredentials(url: string): string {
  // `git+ssh://git@host/…` names the ssh user every host expects, not a secret.
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)([^/@]*)@/i, (whole, scheme: string, user: string) =>
    user === "git" ? whole : scheme,
  );
}

function isRecordedCommit(source: PackageSource | undefined, version: string | undefined): boolean {
  return version !== undefined && source?.kind === "git" && source.url?.endsWith(`#${version}`) === true;
}

/**
 * Percent-encoding of a qualifier value; ':' and '/' stay readable, as in the spec's examples ('+'
 * and '@' do not: form decoders read '+' as a space, and naive parsers split versions at '@').
 */
function encodeQualifierValue(value: string): string {
  return encodeURIComponent(value).replace(/%3A/g, ":").replace(/%2F/g, "/");
}

export interface ParsedPurl {
  type: string;
  namespace?: string;
  name: string;
  version?: string;
  qualifiers: Record<string, string>;
}

/** Parses a purl; returns undefined for strings that are not one. */
export function parsePurl(purl: string): ParsedPurl | undefined {
  if (!purl.startsWith("pkg:")) return undefined;
  let rest = purl.slice(4).replace(/^\/+/, "");
  const hash = rest.indexOf("#");
  if (hash >= 0) rest = rest.slice(0, hash);
  const qualifiers: Record<string, string> = {};
  const question = rest.indexOf("?");
  if (question >= 0) {
    for (const pair of rest.slice(question + 1).split("&")) {
      const eq = pair.indexOf("=");
      if (eq > 0) qualifiers[pair.slice(0, eq).toLowerCase()] = safeDecode(pair.slice(eq + 1));
    }
    rest = rest.slice(0, question);
  }
  const slash = rest.indexOf("/");
  if (slash <= 0) return undefined;
  const type = rest.slice(0, slash).toLowerCase();
  let path = rest.slice(slash + 1);
  let version: string | undefined;
  const at = path.lastIndexOf("@");
  if (at > 0) {
    version = safeDecode(path.slice(at + 1));
    path = path.slice(0, at);
  }
  const segments = path.split("/").filter(Boolean).map(safeDecode);
  const name = segments.pop();
  if (!name) return undefined;
  const parsed: ParsedPurl = { type, name, qualifiers };
  if (segments.length > 0) parsed.namespace = segments.join("/");
  if (version !== undefined) parsed.version = version;
  return parsed;
}

/** Characters a purl segment keeps as they are; most names and versions consist of nothing else. */
const PLAIN_SEGMENT = /^[A-Za-z0-9._~+:-]*$/;

function encodeSegment(value: string): string {
  if (PLAIN_SEGMENT.test(value)) return value;
  // encodeURIComponent leaves a few characters the purl spec also leaves; '@' must be encoded.
  return encodeURIComponent(value).replace(/%3A/g, ":").replace(/%2B/g, "+");
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
