import type { RegistriesConfig } from "../config/registries-section.js";
import type { ProjectFiles } from "../files/project-files.js";
import type { LicenseAliases, NormalisedLicense } from "../licenses/types.js";
import type { PackageNaming } from "../model/purl.js";
import type { Ecosystem, LockfileFormat, PackageNode, Snapshot } from "../model/types.js";
import type { DependencyChanges } from "../updates/change-tools.js";
import type { ImportSupport } from "./import-support.js";
import type { InstallSupport } from "./install-support.js";
import type { PackageReleases, Release, ReleaseSource } from "./registry/releases.js";
import type { RegistryClientContext } from "./registry-clients.js";

/**
 * What a lockfile parser is given: the lockfile's text and path, and read access to the files
 * around it (manifests, `-r` includes) through `files`, whose paths are relative to the same base
 * as `path`.
 */
export interface LockfileInput {
  /** Relative to `files`' base, forward slashes (`packages/app/package-lock.json`). */
  path: string;
  content: string;
  files: ProjectFiles;
}

/**
 * One lockfile format. Parsers are synchronous and pure over their input so they can run on
 * files from disk, from git blobs or from memory, and be cached by content.
 */
export interface LockfileParser {
  format: LockfileFormat;
  /** SBOM readers are "mixed": one file can list packages of several ecosystems. */
  ecosystem: Ecosystem | "mixed";
  /** One line for `--help` and docs. */
  description: string;
  /** Whether a file name (no directory) is this format's. Detection picks the first parser that claims a file. */
  matchesFileName(fileName: string): boolean;
  /**
   * The names it claims as globs over a file name (`uv.lock`, `pylock.*.toml`, `*.txt`): git
   * cannot run `matchesFileName`, so history and revision diffs ask git for the paths these match
   * (case-insensitively). Absent: its files are not followed through history.
   */
  fileNamePatterns?: readonly string[];
  /**
   * The name of a file that, when it sits beside this one, is read instead and makes this one
   * redundant (a pip-tools input `x.in` beside its compiled `x.txt`). Detection leaves this one out.
   */
  replacedBy?(fileName: string): string | undefined;
  /**
   * Why a file of this name cannot be read at all (a binary format the parser only recognises),
   * so detection reports it without opening it; `parse` throws the same reason when given one.
   */
  cannotRead?(fileName: string): string | undefined;
  /**
   * Whether a file is really this format when its name is ambiguous (requirements files can have
   * any name). Defaults to true when absent.
   */
  sniff?(content: string, fileName?: string): boolean;
  /**
   * Parses the file. Throws a LockkeeperError (code PARSE, naming the file and line) when the
   * file is not readable as this format at all; reports entries it cannot understand in
   * `coverage.skipped` and keeps going otherwise.
   */
  parse(input: LockfileInput): Snapshot;
}

/**
 * An ordering and range language for versions (node-semver, PEP 440). It is also the ECOSYSTEM
 * ordering OSV ranges of the ecosystem are evaluated in, so keep it fast: cache parsed versions.
 */
export interface VersionScheme {
  /** Its name in messages ("npm (node-semver)", "PEP 440"). */
  name: string;
  /** Equal for two versions exactly when `compare` says 0 (PEP 440 `1.0` and `1.0.0`); undefined if invalid. */
  key(version: string): string | undefined;
  /** Whether the string is a version this scheme can order. */
  isValid(version: string): boolean;
  /** Negative, zero or positive like Array#sort; throws for invalid versions. */
  compare(a: string, b: string): number;
  /** Whether a version satisfies a declared range in the ecosystem's own syntax. */
  satisfies(version: string, range: string): boolean;
  /** Whether a range is valid in the ecosystem's syntax (`^1.2.0`, `>=1.0,<2`). */
  isValidRange(range: string): boolean;
  /** Whether a valid version is a pre-release (npm `1.0.0-rc.1`; PEP 440 `1.0rc1`, `1.0.dev1`). */
  isPrerelease(version: string): boolean;
}

/** How big a version change is: which part of the version moves first. */
export type JumpClass = "major" | "minor" | "patch";

/** A release's licence as its registry publishes it, read into SPDX, and where it was read. */
export interface PublishedLicense {
  license: NormalisedLicense;
  detail: string;
}

/**
 * An ecosystem's registry client: every release of a package (for outdated, update planning and
 * vetting) and the licence each release declares. Created per project run by the adapter.
 */
export interface RegistryClient extends ReleaseSource {
  /** The licence one release declares; undefined when the registry has none. */
  releaseLicense(name: string, version: string): Promise<PublishedLicense | undefined>;
  /** What it is called in messages ("npm registry", "PyPI JSON API"). */
  readonly label: string;
  /**
   * A release as published, for changelog excerpts: npm's tarball, Python's sdist (where projects
   * keep CHANGES) else a wheel; downloads are checked against their published digests.
   */
  releaseArchive?(name: string, version: string): Promise<ReleaseArchive | undefined>;
}

/** A published archive's bytes and kind. */
export interface ReleaseArchive {
  bytes: Uint8Array;
  kind: "tgz" | "zip";
}

/** What creating a registry client needs: the project's `registries` settings and the run's context. */
export interface RegistryClientInput {
  projectDir: string;
  settings: RegistriesConfig;
  context: RegistryClientContext;
}

/** Licences of a project's installed copies (node_modules, a virtualenv's site-packages). */
export interface InstalledLicenseReader {
  /** The installed copy of a package and what its metadata says; undefined when not installed. */
  find(pkg: PackageNode): InstalledLicense | undefined;
}

export interface InstalledLicense {
  /** The installed package's directory (absolute). */
  dir: string;
  /** Licence files in it (absolute), for notices. */
  licenseFiles: string[];
  /** The licence its metadata declares, read into SPDX; undefined when it declares none. */
  license?: NormalisedLicense;
  /** The file (and field) it was read from, relative to the project. */
  detail: string;
}

/**
 * An ecosystem: everything Lockkeeper does differently per ecosystem, in one folder under
 * `core/ecosystems/` registered in `index.ts`. Inventory, scan, licences, outdated, update
 * planning and import checks call only this; adding an ecosystem means adding a folder and a line
 * in `index.ts`.
 */
export interface EcosystemAdapter extends PackageNaming {
  /** Its name in messages (`npm`, `PyPI`). */
  displayName: string;
  /** OSV's name for it (`npm`, `PyPI`): advisories and the OSV export's folder. */
  osvName: string;
  versioning: VersionScheme;
  lockfileParsers: readonly LockfileParser[];
  /** The jump from one version to a newer one; undefined when equal or either is not a version. */
  jumpClass(from: string, to: string): JumpClass | undefined;
  /** The release the ecosystem's installer picks, as npm and pip do; undefined when none fits. */
  pickRelease(releases: PackageReleases, pick: ReleasePick): Release | undefined;
  /** Spellings of licences that mean one thing in this ecosystem only (npm's old "BSD"). */
  licenseAliases?: LicenseAliases;
  /** Its registry client, configured from `registries` (the HTTP stack loads on use). */
  registryClient(input: RegistryClientInput): Promise<RegistryClient>;
  /**
   * How `lk add` and `lk update` change its dependencies with the project's tools (loaded on use:
   * the tool drivers are most of an ecosystem's code); absent: they do not.
   */
  loadChanges?(): Promise<DependencyChanges>;
  /**
   * A reader of the installed copies under a project, for one lockfile (loaded on use, as are the
   * capabilities below: most runs need none of them); absent when there are none to read.
   */
  installedLicenses?(
    projectDir: string,
    snapshot: Snapshot,
    options: InstalledLicenseOptions,
  ): Promise<InstalledLicenseReader>;
  /** Its source files and manifests for `lk check imports`; absent when its imports are not checked. */
  loadImports?(): Promise<ImportSupport>;
  /** Installing its projects (`lk verify-prod`, the tests of `lk update`); absent when Lockkeeper cannot. */
  loadInstalls?(): Promise<InstallSupport>;
}

/** Which release to pick: the one a declared range resolves to, or without a range the newest ("latest"). */
export interface ReleasePick {
  range?: string;
  /** The Node.js the install is for (npm weighs `engines`); default: the one running Lockkeeper, as npm does. */
  nodeVersion?: string;
}

export interface InstalledLicenseOptions {
  /** More site-packages folders to read, relative to the project folder (Python). */
  sitePackages?: readonly string[];
}
