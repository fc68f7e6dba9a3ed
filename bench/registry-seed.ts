import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { SeedPackage, SeedVersion } from "../src/core/ecosystems/npm/registry/test-support/verdaccio.js";
import { REPO_ROOT } from "./fixtures.js";

const CACHE = join(REPO_ROOT, "bench/.cache/packuments");
const ABBREVIATED = "application/vnd.npm.install-v1+json";

interface AbbreviatedPackument {
  name: string;
  "dist-tags": Record<string, string>;
  /** Present when the registry answered with the full document. */
  time?: Record<string, string>;
  versions: Record<
    string,
    {
      version: string;
      deprecated?: string;
      engines?: Record<string, string>;
      dependencies?: Record<string, string>;
    }
  >;
}

/**
 * Real packuments for a benchmark's local registry: fetched once from the public npm registry (the
 * one network this machine reaches) and kept in bench/.cache; without it, a synthetic packument
 * around the locked version so the benchmark still runs offline (and says so).
 */
export async function registrySeedFor(
  locked: ReadonlyMap<string, string>,
): Promise<{ packages: SeedPackage[]; real: number; synthetic: number }> {
  mkdirSync(CACHE, { recursive: true });
  const packages: SeedPackage[] = [];
  let real = 0;
  let synthetic = 0;
  await Promise.all(
    [...locked].map(async ([name, version]) => {
      const packument = await cachedPackument(name);
      if (packument) {
        real++;
        packages.push(fromPackument(packument));
      } else {
        synthetic++;
        packages.push(syntheticPackage(name, version));
      }
    }),
  );
  return { packages, real, synthetic };
}

async function cachedPackument(name: string): Promise<AbbreviatedPackument | undefined> {
  const file = join(CACHE, `${encodeURIComponent(name)}.json`);
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as AbbreviatedPackument;
  try {
    const response = await fetch(`https://registry.npmjs.org/${name.replace("/", "%2f")}`, {
      headers: { accept: ABBREVIATED },
      signal: AbortSignal.timeout(15_000),
    });
    if (!response.ok) return undefined;
    const text = await response.text();
    writeFileSync(file, text);
    return JSON.parse(text) as AbbreviatedPackument;
  } catch {
    return undefined;
  }
}

function fromPackument(packument: AbbreviatedPackument): SeedPackage {
  const versions: SeedVersion[] = Object.values(packument.versions).map((entry) => ({
    version: entry.version,
    noTarball: true,
    manifest: {
      ...(entry.engines ? { engines: entry.engines } : {}),
      ...(entry.dependencies ? { dependencies: entry.dependencies } : {}),
    },
    ...(entry.deprecated ? { deprecated: entry.deprecated } : {}),
    ...publishedAt(packument.time?.[entry.version]),
  }));
  return { name: packument.name, versions, distTags: packument["dist-tags"] };
}

function publishedAt(time: string | undefined): { publishedAt?: string } {
  const parsed = time ? Date.parse(time) : Number.NaN;
  return Number.isNaN(parsed) ? {} : { publishedAt: new Date(parsed).toISOString() };
}

function syntheticPackage(name: string, locked: string): SeedPackage {
  const [major = 0, minor = 0, patch = 0] = locked.split(/[.-]/).map(Number);
  const list = [locked, `${major}.${minor}.${patch + 1}`, `${major}.${minor + 1}.0`, `${major + 1}.0.0`];
  return { name, versions: list.map((version) => ({ version, noTarball: true })) };
}
