/** Where a version's tarball is and the digests it was published with. */
export interface NpmDist {
  tarball?: string;
  /** Subresource Integrity (`sha512-…`, possibly several space-separated). */
  integrity?: string;
  /** SHA-1 of the tarball in hex: the only digest of very old versions. */
  shasum?: string;
}

/** One version of a packument, trimmed to what Lockkeeper reads. */
export interface NpmVersionManifest {
  version: string;
  /** From the packument's `time` (full form only); absent when the registry does not say. */
  publishedAt?: string;
  deprecated?: string;
  /** `license` as a string; npm's legacy `{type}` object or `licenses` list read as one. */
  license?: string;
  /** preinstall/install/postinstall scripts, or a `binding.gyp` (`gypfile`), or the abbreviated `hasInstallScript`. */
  hasInstallScript: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  engines?: Record<string, string>;
  dist: NpmDist;
}

/** A package's registry document, trimmed and normalised: what the cache keeps. */
export interface NpmPackument {
  name: string;
  distTags: Record<string, string>;
  /** When the document last changed (`time.modified`, or the abbreviated form's `modified`). */
  modified?: string;
  /** By version, in the registry's order. */
  versions: Record<string, NpmVersionManifest>;
  /** The registry URL it was read from, without credentials. */
  url: string;
}

const INSTALL_SCRIPTS = ["preinstall", "install", "postinstall"];

/**
 * Trims a full or abbreviated packument. Returns undefined when the document has no `versions`
 * object (not a packument). A version entry that is not an object is kept with its version only,
 * so no published version goes missing; fields of the wrong type are left out.
 */
export function normalisePackument(raw: unknown, name: string, url: string): NpmPackument | undefined {
  if (!isObject(raw) || !isObject(raw.versions)) return undefined;
  const time = isObject(raw.time) ? raw.time : {};
  const modified = stringOf(time.modified) ?? stringOf(raw.modified);
  const versions: Record<string, NpmVersionManifest> = {};
  for (const [version, entry] of Object.entries(raw.versions)) {
    versions[version] = normaliseVersion(version, isObject(entry) ? entry : {}, stringOf(time[version]));
  }
  return {
    name: stringOf(raw.name) ?? name,
    distTags: stringRecord(raw["dist-tags"]) ?? {},
    ...(modified ? { modified } : {}),
    versions,
    url,
  };
}

function normaliseVersion(
  version: string,
  entry: Record<string, unknown>,
  publishedAt: string | undefined,
): NpmVersionManifest {
  const scripts = isObject(entry.scripts) ? entry.scripts : {};
  const manifest: NpmVersionManifest = {
    version,
    hasInstallScript:
      entry.hasInstallScript === true ||
      entry.gypfile === true ||
      INSTALL_SCRIPTS.some((script) => typeof scripts[script] === "string"),
    dist: {},
  };
  if (publishedAt) manifest.publishedAt = publishedAt;
  const deprecated = stringOf(entry.deprecated);
  if (deprecated) manifest.deprecated = deprecated;
  const license = licenseText(entry.license ?? entry.licenses);
  if (license) manifest.license = license;
  for (const field of ["dependencies", "optionalDependencies", "peerDependencies", "engines"] as const) {
    const value = stringRecord(entry[field]);
    if (value) manifest[field] = value;
  }
  const dist = isObject(entry.dist) ? entry.dist : {};
  for (const field of ["tarball", "integrity", "shasum"] as const) {
    const value = stringOf(dist[field]);
    if (value) manifest.dist[field] = value;
  }
  return manifest;
}

/**
 * The licence values of a raw packument's versions that `license` does not keep as published:
 * npm's legacy `{type, url}` object or `licenses` list, or an explicit null. Licence reports show
 * those as published (and say they were corrected); the trimmed manifest keeps a plain string.
 */
export function publishedLicenses(raw: unknown): Record<string, unknown> {
  const found: Record<string, unknown> = {};
  const versions = isObject(raw) && isObject(raw.versions) ? raw.versions : {};
  for (const [version, entry] of Object.entries(versions)) {
    if (!isObject(entry) || !("license" in entry || "licenses" in entry)) continue;
    const value = entry.license ?? entry.licenses ?? null;
    if (typeof value !== "string") found[version] = value;
  }
  return found;
}

/**
 * A licence as one string: an SPDX string as is, the legacy `{type}` object as its type, and the
 * legacy list as a choice (`A OR B`). Undefined when there is nothing readable.
 */
function licenseText(value: unknown): string | undefined {
  if (typeof value === "string") return value.trim() || undefined;
  if (isObject(value)) return licenseText(value.type ?? value.name);
  if (!Array.isArray(value)) return undefined;
  const names = value.map(licenseText).filter((name) => name !== undefined);
  if (names.length <= 1) return names[0];
  return names.map((name) => (name.includes(" ") ? `(${name})` : name)).join(" OR ");
}

/** The string entries of an object (dependency maps, engines, dist-tags); undefined when not an object. */
function stringRecord(value: unknown): Record<string, string> | undefined {
  if (!isObject(value)) return undefined;
  const result: Record<string, string> = {};
  for (const [key, entry] of Object.entries(value)) if (typeof entry === "string") result[key] = entry;
  return result;
}

function stringOf(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
