import { normaliseLicense } from "../../../licenses/normalise.js";
import type { PackageReleases, Release } from "../../registry/releases.js";
import type { PublishedLicense, RegistryClient } from "../../types.js";

/** What the toy registry publishes: releases by package name. */
export type ToyPublished = Readonly<Record<string, readonly Release[]>>;

/**
 * The toy ecosystem's registry, answering from memory (the contract test publishes into it):
 * releases in publication order, the newest non-pre-release as `latest`, each release's licence.
 */
export class ToyRegistryClient implements RegistryClient {
  readonly label = "toy registry";

  constructor(private readonly published: ToyPublished) {}

  async packageReleases(name: string): Promise<PackageReleases | undefined> {
    const releases = this.published[name];
    if (!releases) return undefined;
    const finals = releases.filter((release) => !release.version.endsWith("-pre"));
    const latest = finals.at(-1)?.version;
    return {
      ecosystem: "toy",
      name,
      releases: [...releases],
      url: `toy://${name}`,
      ...(latest ? { latest } : {}),
    };
  }

  async releaseLicense(name: string, version: string): Promise<PublishedLicense | undefined> {
    const release = this.published[name]?.find((candidate) => candidate.version === version);
    const license = normaliseLicense(release?.license);
    return license && { license, detail: `toy://${name}/${version}` };
  }
}
