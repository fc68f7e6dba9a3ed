import { dirname, resolve } from "node:path";
import type { Inventory, PackageNode, Snapshot } from "../model/types.js";
import { displayPath } from "./installed/license-files.js";
import { NpmInstallLocator } from "./installed/npm-installed.js";
import { findSitePackages, SitePackagesIndex } from "./installed/python-installed.js";
import { normaliseLicense } from "./normalise.js";
import { type PythonLicenseFields, pythonLicense } from "./python-license.js";
import type { LicensedPackage, LicenseSource, NormalisedLicense, ResolvedLicense } from "./types.js";

/** The npm registry as licence resolution needs it (`NpmRegistryClient`). */
export interface NpmLicenseRegistry {
  versionLicense(name: string, version: string): Promise<{ value: unknown; url: string } | undefined>;
}

/** A Python index's JSON API as licence resolution needs it (`PypiIndexClient`). */
export interface PypiLicenseRegistry {
  releaseLicense(name: string, version: string): Promise<(PythonLicenseFields & { url: string }) | undefined>;
}

export interface ResolveLicensesOptions {
  /** Absolute folder the snapshots' lockfile paths are relative to (where the config was found). */
  projectDir: string;
  /** Read installed packages (node_modules, virtualenvs). Default true. */
  installed?: boolean;
  /** More site-packages folders to read, relative to the project folder. */
  sitePackages?: readonly string[];
  /** Registry clients; none means offline (the default: the CLI must work without a network). */
  registry?: { npm?: NpmLicenseRegistry; pypi?: PypiLicenseRegistry };
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
 */
export async function resolveLicenses(
  inventory: Inventory,
  options: ResolveLicensesOptions,
): Promise<LicensedPackage[]> {
  const pending: Pending[] = [];
  const lookups: Promise<void>[] = [];
  for (const snapshot of inventory.snapshots) {
    const readers = installedReaders(snapshot, options);
    for (const pkg of snapshot.packages) {
      const item = resolveOffline(pkg, snapshot, readers, options);
      pending.push(item);
      if (item.candidates.some(isReadable)) continue;
      const lookup = registryLookup(pkg, options);
      if (lookup) lookups.push(lookup.then((found) => addRegistryResult(item, pkg, found)));
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

interface InstalledReaders {
  npm: () => NpmInstallLocator;
  pypi: () => SitePackagesIndex;
}

/** Built on first use per lockfile: an npm lockfile never needs the virtualenv index. */
function installedReaders(snapshot: Snapshot, options: ResolveLicensesOptions): InstalledReaders {
  const lockDir = resolve(options.projectDir, dirname(snapshot.lockfile.path));
  let npm: NpmInstallLocator | undefined;
  let pypi: SitePackagesIndex | undefined;
  return {
    npm: () => {
      npm ??= new NpmInstallLocator(lockDir);
      return npm;
    },
    pypi: () => {
      pypi ??= new SitePackagesIndex(findSitePackages(options.projectDir, lockDir, options.sitePackages));
      return pypi;
    },
  };
}

function resolveOffline(
  pkg: PackageNode,
  snapshot: Snapshot,
  readers: InstalledReaders,
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
    add(normaliseLicense(pkg.license, { ecosystem: pkg.ecosystem }), {
      kind: "lockfile",
      detail: snapshot.lockfile.path,
    });
  } else tried.push("not in the lockfile");

  if (options.installed !== false) {
    if (pkg.ecosystem === "npm") {
      const found = readers.npm().find(pkg);
      if (found) {
        entry.installedDir = found.dir;
        entry.licenseFiles = found.licenseFiles;
        const detail = displayPath(options.projectDir, found.manifest);
        add(normaliseLicense(found.license, { ecosystem: "npm" }), { kind: "installed", detail });
        if (found.license === undefined) tried.push(`none in ${detail}`);
      } else tried.push("not installed");
    } else {
      const found = readers.pypi().find(pkg.name, pkg.version);
      if (found) {
        entry.installedDir = found.dir;
        entry.licenseFiles = found.licenseFiles;
        const read = pythonLicense(found.fields);
        const detail = displayPath(options.projectDir, found.metadata);
        if (read) add(read.license, { kind: "installed", detail: `${detail} (${read.field})` });
        else tried.push(`none in ${detail}`);
      } else tried.push("not installed");
    }
  }
  return { entry, candidates, tried };
}

type RegistryFound = { license: NormalisedLicense; detail: string } | undefined;

function registryLookup(
  pkg: PackageNode,
  options: ResolveLicensesOptions,
): Promise<RegistryFound> | undefined {
  const version = pkg.version;
  if (version === undefined || pkg.source.kind !== "registry") return undefined;
  const { npm, pypi } = options.registry ?? {};
  if (pkg.ecosystem === "npm" && npm) {
    return npm.versionLicense(pkg.name, version).then((found) => {
      const license = found ? normaliseLicense(found.value, { ecosystem: "npm" }) : undefined;
      return found && license ? { license, detail: found.url } : undefined;
    });
  }
  if (pkg.ecosystem === "pypi" && pypi) {
    return pypi.releaseLicense(pkg.name, version).then((found) => {
      const read = found ? pythonLicense(found) : undefined;
      return found && read ? { license: read.license, detail: `${found.url} (${read.field})` } : undefined;
    });
  }
  return undefined;
}

function addRegistryResult(item: Pending, pkg: PackageNode, found: RegistryFound): void {
  if (found) item.candidates.push({ ...found.license, source: { kind: "registry", detail: found.detail } });
  else item.tried.push(`none in the ${pkg.ecosystem === "npm" ? "npm registry" : "PyPI JSON API"}`);
}

function isReadable(license: ResolvedLicense): boolean {
  return license.status !== "unknown";
}
