import { installedCopyReaders, licenseReading } from "../ecosystems/index.js";
import type { InstalledLicenseReader, PublishedLicense } from "../ecosystems/types.js";
import { isLockkeeperError } from "../errors.js";
import type { Ecosystem, Inventory, PackageNode, Snapshot } from "../model/types.js";
import { normaliseLicense } from "./normalise.js";
import type { LicensedPackage, LicenseSource, NormalisedLicense, ResolvedLicense } from "./types.js";

/** A registry as licence resolution needs it: the licence one release declares. */
export interface LicenseRegistry {
  releaseLicense(name: string, version: string): Promise<PublishedLicense | undefined>;
  /** What it is called in messages ("npm registry"). */
  readonly label: string;
}

export interface ResolveLicensesOptions {
  /** Absolute folder the snapshots' lockfile paths are relative to (where the config was found). */
  projectDir: string;
  /** Read installed packages (node_modules, virtualenvs). Default true. */
  installed?: boolean;
  /** More site-packages folders to read, relative to the project folder. */
  sitePackages?: readonly string[];
  /** Registry clients by ecosystem; none means offline (the default: the CLI must work without a network). */
  registry?: ReadonlyMap<Ecosystem, LicenseRegistry>;
}

interface Pending {
  entry: LicensedPackage;
  candidates: ResolvedLicense[];
  tried: string[];
}

/**
 * Every package's licence, from its sources best first: the lockfile's `license` field, the
 * installed package's metadata, then (only when clients are given) the registry. The first
 * source whose value reads as SPDX wins; when none does, the first value found is kept as
 * unknown with its raw text, and a package with no value anywhere says which sources were tried.
 * A registry that cannot be reached (NETWORK) leaves its packages unknown, saying so.
 */
export async function resolveLicenses(
  inventory: Inventory,
  options: ResolveLicensesOptions,
): Promise<LicensedPackage[]> {
  const pending: Pending[] = [];
  const lookups: Promise<void>[] = [];
  for (const snapshot of inventory.snapshots) {
    const readers = await installedReaders(snapshot, options);
    for (const pkg of snapshot.packages) {
      const item = resolveOffline(pkg, snapshot, readers, options);
      pending.push(item);
      if (item.candidates.some(isReadable)) continue;
      const lookup = registryLookup(pkg, options);
      if (lookup)
        lookups.push(
          lookup.found.then(
            (found) => addRegistryResult(item, lookup.registry, found),
            (error: unknown) => {
              // An unreachable registry leaves the package unknown (said so), not the whole report.
              if (!isLockkeeperError(error) || error.code !== "NETWORK") throw error;
              item.tried.push(`the ${lookup.registry.label} did not answer`);
            },
          ),
        );
      else
        item.tried.push(
          options.registry ? "not a registry package with a version" : "registry not asked (--registry)",
        );
    }
  }
  await Promise.all(lookups);
  return pending.map(({ entry, candidates, tried }) => {
    entry.license = candidates.find(isReadable) ??
      candidates[0] ?? {
        raw: "",
        status: "unknown",
        notes: [`no licence found: ${tried.join("; ")}`],
        source: { kind: "none" },
      };
    return entry;
  });
}

/** One reader of installed copies per ecosystem of a lockfile, unless installed copies are not read. */
async function installedReaders(
  snapshot: Snapshot,
  options: ResolveLicensesOptions,
): Promise<(ecosystem: Ecosystem) => InstalledLicenseReader | undefined> {
  if (options.installed === false) return () => undefined;
  const readers = await installedCopyReaders(snapshot, options.projectDir, {
    ...(options.sitePackages ? { sitePackages: options.sitePackages } : {}),
  });
  return (ecosystem) => readers.get(ecosystem);
}

function resolveOffline(
  pkg: PackageNode,
  snapshot: Snapshot,
  readers: (ecosystem: Ecosystem) => InstalledLicenseReader | undefined,
  options: ResolveLicensesOptions,
): Pending {
  const entry: LicensedPackage = {
    ecosystem: pkg.ecosystem,
    name: pkg.name,
    displayName: pkg.displayName,
    scope: pkg.scope,
    direct: pkg.direct,
    sourceKind: pkg.source.kind,
    lockfile: snapshot.lockfile.path,
    license: { raw: "", status: "unknown", notes: [], source: { kind: "none" } },
  };
  if (pkg.version !== undefined) entry.version = pkg.version;
  const candidates: ResolvedLicense[] = [];
  const tried: string[] = [];
  const add = (license: NormalisedLicense | undefined, source: LicenseSource): void => {
    if (license) candidates.push({ ...license, source });
  };

  if (pkg.license !== undefined) {
    add(normaliseLicense(pkg.license, licenseReading(pkg.ecosystem)), {
      kind: "lockfile",
      detail: snapshot.lockfile.path,
    });
  } else tried.push("not in the lockfile");

  if (options.installed !== false) {
    const found = readers(pkg.ecosystem)?.find(pkg);
    if (found) {
      entry.installedDir = found.dir;
      entry.licenseFiles = found.licenseFiles;
      if (found.license) add(found.license, { kind: "installed", detail: found.detail });
      else tried.push(`none in ${found.detail}`);
    } else tried.push("not installed");
  }
  return { entry, candidates, tried };
}

function registryLookup(
  pkg: PackageNode,
  options: ResolveLicensesOptions,
): { registry: LicenseRegistry; found: Promise<PublishedLicense | undefined> } | undefined {
  const version = pkg.version;
  if (version === undefined || pkg.source.kind !== "registry") return undefined;
  const registry = options.registry?.get(pkg.ecosystem);
  return registry && { registry, found: registry.releaseLicense(pkg.name, version) };
}

function addRegistryResult(
  item: Pending,
  registry: LicenseRegistry,
  found: PublishedLicense | undefined,
): void {
  if (found) item.candidates.push({ ...found.license, source: { kind: "registry", detail: found.detail } });
  else item.tried.push(`none in the ${registry.label}`);
}

function isReadable(license: ResolvedLicense): boolean {
  return license.status !== "unknown";
}
