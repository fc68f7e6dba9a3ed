import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import semver from "semver";
import { describe, expect, it } from "vitest";
import { FIXTURES } from "../../../test-support/fixtures.js";
import type { PackageReleases } from "../registry/releases.js";
import { pickNpmVersion } from "./pick-release.js";

/** npm's own picker, the reference `lk outdated` must agree with. */
const pickManifest = createRequire(import.meta.url)("npm-pick-manifest") as (
  packument: unknown,
  wanted: string,
  options: { nodeVersion: string },
) => { version: string };

interface Packument {
  name: string;
  "dist-tags": Record<string, string>;
  versions: Record<string, { version: string; deprecated?: string; engines?: Record<string, string> }>;
}

const folder = join(FIXTURES, "registry/npm");
const packuments: Packument[] = readdirSync(folder)
  .filter((file) => file.endsWith(".json"))
  .map((file) => JSON.parse(readFileSync(join(folder, file), "utf8")) as Packument);

function asReleases(packument: Packument): PackageReleases {
  return {
    ecosystem: "npm",
    name: packument.name,
    latest: packument["dist-tags"].latest,
    releases: Object.values(packument.versions).map((entry) => ({
      version: entry.version,
      ...(entry.deprecated ? { deprecated: entry.deprecated } : {}),
      ...(entry.engines ? { engines: entry.engines } : {}),
    })),
    url: `test:${packument.name}`,
  };
}

function reference(packument: Packument, range: string, nodeVersion: string): string | undefined {
  try {
    return pickManifest(packument, range, { nodeVersion }).version;
  } catch (error: unknown) {
    const code = (error as { code?: string }).code;
    if (code === "ETARGET" || code === "ENOVERSIONS") return undefined;
    throw error;
  }
}

/** Ranges a project could declare for this package, from its own version list. */
function rangesFor(packument: Packument): string[] {
  if (Object.keys(packument.versions).length === 0) return ["*"];
  const versions = Object.keys(packument.versions)
    .filter((v) => semver.valid(v))
    .sort(semver.compare);
  const first = versions[0] as string;
  const middle = versions[Math.floor(versions.length / 2)] as string;
  const last = versions[versions.length - 1] as string;
  return [
    "*",
    `^${first}`,
    `~${middle}`,
    `^${middle}`,
    `<${middle}`,
    `>=${first} <${last}`,
    middle,
    `^${last}`,
  ];
}

/** Variants that exercise npm's preferences: a deprecated latest, versions for a newer Node.js. */
function variants(packument: Packument): Packument[] {
  // Some trimmed packuments tag a version they no longer list.
  const latest = packument["dist-tags"].latest as string;
  const versions = Object.keys(packument.versions);
  const deprecatedLatest = structuredClone(packument);
  const latestEntry = deprecatedLatest.versions[latest];
  if (latestEntry) latestEntry.deprecated = "do not use";
  const newNode = structuredClone(packument);
  versions.slice(-Math.ceil(versions.length / 3)).forEach((version) => {
    (newNode.versions[version] as { engines?: Record<string, string> }).engines = { node: ">=99" };
  });
  return [packument, deprecatedLatest, newNode];
}

describe("pickNpmVersion agrees with npm-pick-manifest", () => {
  it(`on ${packuments.length} real packuments, each with 8 ranges and 3 variants`, () => {
    expect(packuments.length).toBeGreaterThan(300);
    const disagreements: string[] = [];
    let compared = 0;
    for (const original of packuments) {
      for (const packument of variants(original)) {
        const releases = asReleases(packument);
        for (const range of rangesFor(original)) {
          const ours = pickNpmVersion(releases, range, "v20.20.2")?.version;
          const theirs = reference(packument, range, "v20.20.2");
          compared++;
          if (ours !== theirs) disagreements.push(`${packument.name} ${range}: ${ours} vs npm ${theirs}`);
        }
      }
    }
    expect(compared).toBeGreaterThan(8000);
    expect(disagreements).toEqual([]);
  });

  it("gives nothing for ranges that are not semver (git, file, tags)", () => {
    const releases = asReleases(packuments[0] as Packument);
    expect(pickNpmVersion(releases, "github:user/repo")).toBeUndefined();
    expect(pickNpmVersion(releases, "file:../x")).toBeUndefined();
  });
});
