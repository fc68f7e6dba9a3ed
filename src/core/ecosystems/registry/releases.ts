import type { Ecosystem } from "../../model/types.js";

/** One published version of a package, as far as its registry tells. */
export interface Release {
  version: string;
  /** When it was published (ISO 8601); absent when the registry does not say. */
  publishedAt?: string;
  /** npm: the deprecation message. */
  deprecated?: string;
  /** PyPI (PEP 592): the yank reason, or true when yanked without one. */
  yanked?: string | true;
  /** The licence as published (npm `license`, PyPI `license_expression`/`license`), when a string. */
  license?: string;
  /** npm: the version runs preinstall/install/postinstall scripts (or has a binding.gyp). */
  hasInstallScript?: boolean;
  /** npm: the `engines` field (`{ node: ">=18" }`), which npm weighs when it picks a version. */
  engines?: Record<string, string>;
  /** PyPI: the release's `requires-python`. */
  requiresPython?: string;
}

/** Every release of a package with the registry's idea of "latest". */
export interface PackageReleases {
  ecosystem: Ecosystem;
  name: string;
  /** npm: `dist-tags.latest`; PyPI: the newest release that is neither a pre-release nor yanked. */
  latest?: string;
  /** In the registry's order; callers sort with the ecosystem's version scheme. */
  releases: Release[];
  /** The document they were read from, without credentials, for messages. */
  url: string;
}

/** What update planning needs from a registry client: every release of a package. */
export interface ReleaseSource {
  /** Undefined when the registry has no such package. */
  packageReleases(name: string): Promise<PackageReleases | undefined>;
}
