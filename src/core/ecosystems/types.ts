import type { ProjectFiles } from "../files/project-files.js";
import type { Ecosystem, LockfileFormat, Snapshot } from "../model/types.js";

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

/** An ordering and range language for versions (node-semver, PEP 440). */
export interface VersionScheme {
  /** Whether the string is a version this scheme can order. */
  isValid(version: string): boolean;
  /** Negative, zero or positive like Array#sort; throws for invalid versions. */
  compare(a: string, b: string): number;
  /** Whether a version satisfies a declared range in the ecosystem's own syntax. */
  satisfies(version: string, range: string): boolean;
}

/**
 * An ecosystem: its names, versions and lockfile formats. Each lives in one folder under
 * `core/ecosystems/` and is registered explicitly in `index.ts`.
 */
export interface EcosystemAdapter {
  ecosystem: Ecosystem;
  /** Identity form of a name (npm: unchanged; PyPI: PEP 503). */
  normaliseName(name: string): string;
  versioning: VersionScheme;
  lockfileParsers: readonly LockfileParser[];
}
