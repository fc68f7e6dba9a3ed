/**
 * pnpm "dependency paths": the keys of `packages`/`snapshots` and the references that point at
 * them, in the three spellings pnpm has used.
 *
 * - 5.x: `/name/1.0.0`, `/@scope/name/1.0.0_peer@1.0.0+other@2.0.0` (peers after `_`, `/` → `+`)
 * - 6.x: `/name@1.0.0(peer@1.0.0)(other@2.0.0)`
 * - 9.x: `name@1.0.0(peer@1.0.0)`, metadata in `packages` and the graph in `snapshots`
 *
 * Keys of packages that do not come from the registry (`github.com/owner/repo/<sha>`,
 * `file:packages/foo`, `name@https://…`) carry their name and version as entry fields instead.
 */

/** How a lockfile spells dependency paths: by lockfileVersion major. */
export type DepPathStyle = 5 | 6 | 9;

export interface PackageKeyParts {
  name: string;
  /** The version with any peer or patch suffix removed. */
  version: string;
  /** Whether the version is a semver version, i.e. the key names a registry package. */
  registry: boolean;
}

/** A reference from an importer or a package to what it depends on. */
export type Reference = { kind: "key"; key: string } | { kind: "link"; path: string };

// pnpm writes normalised semver versions; anything else in the version position is a URL or path.
const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

export function isSemverVersion(version: string): boolean {
  return SEMVER.test(version);
}

/**
 * Splits a `packages`/`snapshots` key into name and version, peer suffix removed. Undefined
 * when the key is not name-and-version shaped (then the entry's `name`/`version` fields tell).
 */
export function parsePackageKey(key: string, style: DepPathStyle): PackageKeyParts | undefined {
  if (style === 5) return parseV5Key(key);
  let rest: string;
  if (style === 6) {
    if (!key.startsWith("/")) return undefined;
    rest = key.slice(1);
  } else {
    rest = key;
  }
  const at = rest.indexOf("@", 1);
  if (at <= 0) return undefined;
  const name = rest.slice(0, at);
  if (!isPackageName(name)) return undefined;
  const version = stripParenthesised(rest.slice(at + 1));
  if (version === "") return undefined;
  return { name, version, registry: isSemverVersion(version) };
}

function parseV5Key(key: string): PackageKeyParts | undefined {
  if (!key.startsWith("/")) return undefined;
  const rest = key.slice(1);
  let slash = rest.indexOf("/");
  if (rest.startsWith("@")) slash = rest.indexOf("/", slash + 1);
  if (slash <= 0) return undefined;
  const name = rest.slice(0, slash);
  const versionPart = rest.slice(slash + 1);
  if (!isPackageName(name) || versionPart.includes("/")) return undefined;
  // Versions cannot contain `_`, so the first one starts the peer (or patch hash) suffix.
  const underscore = versionPart.indexOf("_");
  const version = underscore < 0 ? versionPart : versionPart.slice(0, underscore);
  if (version === "") return undefined;
  return { name, version, registry: isSemverVersion(version) };
}

/** `name` or `@scope/name`, without the characters that would make a key ambiguous. */
function isPackageName(name: string): boolean {
  if (name === "" || name.includes("@", 1) || name.includes("(") || name.includes(":")) return false;
  const slash = name.indexOf("/");
  if (name.startsWith("@")) return slash > 1 && slash < name.length - 1 && name.indexOf("/", slash + 1) < 0;
  return slash < 0;
}

/** `1.0.0(peer@1.0.0)(other@2.0.0)` → `1.0.0`. */
function stripParenthesised(text: string): string {
  const paren = text.indexOf("(");
  return paren < 0 ? text : text.slice(0, paren);
}

/** The key with its peer suffix removed: a 9.x snapshot key → its `packages` key. */
export function stripPeerSuffix(key: string, style: DepPathStyle): string {
  if (style !== 5) return stripParenthesised(key);
  const underscore = key.indexOf("_", key.lastIndexOf("/") + 1);
  return underscore < 0 ? key : key.slice(0, underscore);
}

/**
 * What a dependency reference (`1.0.0`, `1.0.0_peer@1`, `1.0.0(peer@1)`, `link:../foo`,
 * `/other/1.0.0`, `other@1.0.0`, `github.com/…`, `file:…`) points at, following pnpm's own
 * `refToRelative` of each lockfile generation.
 */
export function resolveReference(name: string, ref: string, style: DepPathStyle): Reference {
  if (ref.startsWith("link:")) return { kind: "link", path: ref.slice(5) };
  if (style === 9) return { kind: "key", key: v9ReferenceKey(name, ref) };
  if (ref.startsWith("file:")) return { kind: "key", key: ref };
  // A reference with a `/` outside its peer suffix is already a full key (an alias such as
  // `/safe-execa/0.1.2`, or a non-registry package).
  const bare = style === 5 ? ref : stripParenthesised(ref);
  if (bare.includes("/")) return { kind: "key", key: ref };
  return { kind: "key", key: style === 5 ? `/${name}/${ref}` : `/${name}@${ref}` };
}

function v9ReferenceKey(name: string, ref: string): string {
  if (ref.startsWith("@")) return ref;
  const at = ref.indexOf("@");
  if (at < 0) return `${name}@${ref}`;
  const colon = ref.indexOf(":");
  const paren = ref.indexOf("(");
  // `other@1.0.0` (an alias) is a key already; in `https://…` or `1.0.0(peer@1)` the `@` belongs
  // to something else.
  if ((colon < 0 || at < colon) && (paren < 0 || at < paren)) return ref;
  return `${name}@${ref}`;
}
