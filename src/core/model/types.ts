/**
 * The inventory model: one snapshot per lockfile (or SBOM), every other capability enriches it.
 * The JSON form of these types is Lockkeeper's stable output (see docs/inventory-json.md):
 * add fields, never rename or remove them.
 */

/**
 * An ecosystem's id as registered in `core/ecosystems` (`npm`, `pypi`): a string, so an ecosystem
 * added as a folder needs no change here.
 */
export type Ecosystem = string;

/**
 * Why a package is installed. A package reachable from both production and development roots is
 * `prod`; `optional` and `peer` rank between them (see scopes.ts).
 */
export type Scope = "prod" | "optional" | "peer" | "dev";
export const SCOPES: readonly Scope[] = ["prod", "optional", "peer", "dev"];

/** The kind of a declared dependency (an edge): what the declaring manifest or package calls it. */
export type DependencyKind = Scope;

export type SourceKind = "registry" | "git" | "file" | "link" | "url" | "workspace";

export interface PackageSource {
  kind: SourceKind;
  /** Registry, repository, tarball or path the package resolves from, when the lockfile says. */
  url?: string;
}

export type HashAlgorithm = "md5" | "sha1" | "sha256" | "sha384" | "sha512";

export interface Hash {
  algorithm: HashAlgorithm;
  /** Lower-case hexadecimal digest. */
  value: string;
}

export interface PackageLocation {
  /** The entry's key in the lockfile (`node_modules/a/node_modules/b`, `/foo@1.0.0`, `foo==1.0`). */
  key?: string;
  /** 1-based line of the entry, for formats read line by line. */
  line?: number;
}

export interface PackageNode {
  /** Unique within a snapshot: `<ecosystem>:<name>@<version>` (see packageId). */
  id: string;
  ecosystem: Ecosystem;
  /** Normalised name: identity for matching (PEP 503 for PyPI; npm names as published). */
  name: string;
  /** The spelling the lockfile uses, for display. */
  displayName: string;
  /** Exact resolved version; absent only for unpinned inputs (requirements.in) and editable/URL requirements. */
  version?: string;
  /** Declared requirement when there is no exact version (`>=2,<3`). */
  requirement?: string;
  purl: string;
  scope: Scope;
  /** Declared by a root (project or workspace manifest) rather than pulled in by another package. */
  direct: boolean;
  source: PackageSource;
  hashes: Hash[];
  /** Other names the package is installed under (npm `npm:` aliases). */
  aliases?: string[];
  /** Licence as the lockfile records it (package-lock v2/v3), unnormalised. */
  license?: string;
  /** Python environment markers that guard the requirement. */
  markers?: string;
  locations: PackageLocation[];
}

/** A project or workspace member whose manifest declares dependencies. */
export interface Root {
  /** `root:<path>`; the project root is `root:.`. */
  id: string;
  /** Directory relative to the lockfile's directory (`.` for the project itself). */
  path: string;
  name?: string;
  version?: string;
}

export interface Edge {
  /** A root id or a package id. */
  from: string;
  /** A package id. */
  to: string;
  kind: DependencyKind;
  /** The declared range (`^1.2.0`, `>=2`), when the lockfile records it. */
  range?: string;
}

export interface SkippedEntry {
  /** The entry as the lockfile names it. */
  entry: string;
  line?: number;
  reason: string;
}

/** What a parser read and what it could not: nothing is dropped silently. */
export interface Coverage {
  /** Package entries found in the file. */
  entries: number;
  /** Entries that became packages. */
  parsed: number;
  skipped: SkippedEntry[];
  /** Things worth a user's attention that did not stop parsing (a manifest not found, say). */
  warnings: string[];
  /**
   * Set when the file does not pin every package that installs (a hand-written requirements
   * file, an `.in` input): the inventory holds only the packages it names, so what it does not
   * name is neither scanned nor listed.
   */
  incomplete?: string;
  /**
   * Set when the file could not be read at all (corrupt, truncated) while others under the same
   * directory could: the snapshot then has no packages, and commands report their result as
   * incomplete (exit 2) after handling the other lockfiles.
   */
  unreadable?: { reason: string; line?: number };
}

/**
 * A lockfile format's id, as its parser names it (`package-lock`, `pnpm-lock`, `yarn-lock`,
 * `bun-lock`, `requirements`, `requirements-in`, `poetry-lock`, `uv-lock`, `pipfile-lock`,
 * `pdm-lock`, `pylock`; SBOMs `cyclonedx` and `spdx`): a string, so an ecosystem's folder can bring
 * formats of its own.
 */
export type LockfileFormat = string;

export interface LockfileInfo {
  /** Path as given or relative to the scanned directory, with forward slashes. */
  path: string;
  format: LockfileFormat;
  /** One ecosystem per lockfile; an SBOM may mix them. */
  ecosystem: Ecosystem | "mixed";
  /** The format's own version (`3` for lockfileVersion 3, `9.0` for pnpm, `1` for yarn classic). */
  formatVersion: string;
  /** Manifests read alongside (package.json, pyproject.toml, Pipfile, *.in). */
  manifests: string[];
}

export interface Snapshot {
  lockfile: LockfileInfo;
  roots: Root[];
  /** Sorted by id. */
  packages: PackageNode[];
  /** Sorted by from, then to. */
  edges: Edge[];
  coverage: Coverage;
}

/** Every snapshot found under one directory (a monorepo has several). */
export interface Inventory {
  /** The directory or file the inventory was taken from. */
  target: string;
  snapshots: Snapshot[];
}
