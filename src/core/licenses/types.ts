import type { Ecosystem, Scope, SourceKind } from "../model/types.js";

/**
 * How a licence text was read:
 * - `valid`: already an SPDX expression (ids re-spelled as the list spells them);
 * - `corrected`: a known spelling was turned into SPDX (each change explained in `notes`);
 * - `unknown`: nothing trustworthy could be made of it; the raw text is kept and shown.
 */
export type LicenseStatus = "valid" | "corrected" | "unknown";

export interface NormalisedLicense {
  /** The value as found: the text, or the JSON of npm's legacy `{type, url}` objects and arrays. */
  raw: string;
  /** Canonical SPDX expression; absent when the status is `unknown`. */
  expression?: string;
  status: LicenseStatus;
  /** Why a correction was made, or why the value could not be read. */
  notes: string[];
}

/**
 * Where a licence came from, best first: the lockfile's own `license` field, the installed
 * package's metadata, the registry; `none` when no source had one.
 */
export type LicenseSourceKind = "lockfile" | "installed" | "registry" | "none";

export interface LicenseSource {
  kind: LicenseSourceKind;
  /** The file, field or URL the value was read from (`node_modules/a/package.json`, `License-Expression`). */
  detail?: string;
}

/** A package's licence as resolved from its sources. */
export interface ResolvedLicense extends NormalisedLicense {
  source: LicenseSource;
}

/** A package as the licence report needs it (one per ecosystem, name, version and lockfile). */
export interface LicensedPackage {
  ecosystem: Ecosystem;
  name: string;
  displayName: string;
  version?: string;
  scope: Scope;
  direct: boolean;
  /** Where the package comes from: registry, git, or the project's own workspace. */
  sourceKind: SourceKind;
  /** The lockfile that lists it, relative to the target. */
  lockfile: string;
  license: ResolvedLicense;
  /** The installed package's directory (absolute), when one was found: where licence texts live. */
  installedDir?: string;
  /** Licence files found in the installed package (absolute paths), for notices. */
  licenseFiles?: string[];
}

/** Spellings that name a licence in one ecosystem only, with the reason shown in notes. */
export interface LicenseAliases {
  /** The ecosystem they belong to (results are cached per ecosystem). */
  ecosystem: string;
  /** Lower-case term → SPDX id (`bsd` → `BSD-2-Clause`). */
  terms: Readonly<Record<string, string>>;
  /** Why, as the note says: `npm's former default for "BSD"`. */
  reason: string;
}
