import type { DependencyScope } from "../imports/declared-dependencies.js";
import type { CheckImportsSettings } from "../imports/settings.js";
import type { SourceImport } from "../imports/types.js";
import type { DependencyKind, Root } from "../model/types.js";
import type { EcosystemAdapter } from "./types.js";

/**
 * What `lk check imports` needs from an ecosystem: its source files and how to scan them, its
 * manifests, and how an import maps to a package. Declarations are matched by the adapter's
 * `normaliseName`. An ecosystem without it is simply not checked.
 */
export interface ImportSupport {
  /**
   * Extensions (no dot) of its source files and the language each is scanned as (`tsx` → `js`).
   * Language names are the keys of the report's per-language counts, so they are unique across
   * ecosystems.
   */
  sourceExtensions: Readonly<Record<string, string>>;
  /** The imports of one source text in one of its languages. Runs on every production file: keep it lean. */
  scan(text: string, language: string): SourceImport[];
  /** Folder names never walked: installed packages and caches (`node_modules`, `__pycache__`). */
  skippedFolders: readonly string[];
  /**
   * Whether a folder (absolute) is an installed environment such as a Python virtualenv: never
   * scanned, but handed to `resolver` for the modules installed there.
   */
  isEnvironment?(dir: string): boolean;
  /** File names of the manifests that declare dependencies (`package.json`). */
  manifestNames: readonly string[];
  /**
   * The declarations of one manifest (`path` relative to the project, for messages). Throws a
   * PARSE error when it is unreadable; undefined when it is no manifest at all (a JSON array).
   */
  readManifest(path: string, content: string): ManifestDeclarations | undefined;
  /** The folder whose code a lockfile root's direct dependencies govern, and the root's own name. */
  scopeOfRoot(lockDir: string, root: Root): { dir: string; selfName?: string };
  /** The resolver for one project run. */
  resolver(project: ImportProject): ImportResolver;
}

/** What a manifest declares. */
export interface ManifestDeclarations {
  /** The project's own name: importing it is no dependency. */
  name?: string;
  dependencies: { name: string; kind: DependencyKind; source: string }[];
  /** The commands the manifest runs (npm `scripts`), for `ImportResolver.usedOtherwise`. */
  scripts?: string;
}

/** The project a resolver serves. */
export interface ImportProject {
  /** Absolute. */
  root: string;
  /** Installed environments found by the walk (`isEnvironment`), relative to the root. */
  environments: readonly string[];
  settings: CheckImportsSettings;
}

/** Maps one project's imports to packages. */
export interface ImportResolver {
  /**
   * The name an import goes by (npm package, Python top-level module): what `imports.ignore`
   * and the project's own names are matched against. Undefined when it names no package
   * (a relative path, a built-in or standard-library module).
   */
  importedName(found: SourceImport): string | undefined;
  /**
   * The packages that may provide an import, best guess first (never empty); undefined when it
   * is the project's own code (a local module, a path alias).
   */
  providers(found: SourceImport, name: string, where: ImportSite): readonly string[] | undefined;
  /** Whether a declared production dependency is used other than by an import (run from scripts, types). */
  usedOtherwise?(name: string, scope: DependencyScope): boolean;
}

/** Where an import is made: relative folders, `.` for the project. */
export interface ImportSite {
  fileDir: string;
  /** The folder of the dependency scope that governs the file. */
  scopeDir: string;
}

/** An adapter with import support. */
export type ImportingAdapter = EcosystemAdapter & { imports: ImportSupport };
