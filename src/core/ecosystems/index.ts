import type { NormaliseOptions } from "../licenses/normalise.js";
import { comparePackageOrder, compareText, type VersionOrder } from "../model/package-order.js";
import type { Ecosystem, Snapshot } from "../model/types.js";
import type { ImportingAdapter } from "./import-support.js";
import { npmAdapter } from "./npm/index.js";
import { pypiAdapter } from "./pypi/index.js";
import type {
  EcosystemAdapter,
  InstalledLicenseOptions,
  InstalledLicenseReader,
  LockfileParser,
} from "./types.js";

const registered: EcosystemAdapter[] = [npmAdapter, pypiAdapter];

/** Every ecosystem Lockkeeper knows. Adding one means adding a folder and a line here. */
export const ECOSYSTEMS: readonly EcosystemAdapter[] = registered;

/**
 * Registers one more ecosystem (a plug-in, or a test's own small ecosystem); returns the function
 * that removes it again. The built-in ones are registered above.
 */
export function registerEcosystem(adapter: EcosystemAdapter): () => void {
  if (registered.some((a) => a.ecosystem === adapter.ecosystem))
    throw new Error(`an ecosystem named ${adapter.ecosystem} is registered already`);
  registered.push(adapter);
  return () => {
    const index = registered.indexOf(adapter);
    if (index >= 0) registered.splice(index, 1);
  };
}

export function adapterFor(ecosystem: Ecosystem): EcosystemAdapter {
  const adapter = registered.find((a) => a.ecosystem === ecosystem);
  if (!adapter) throw new Error(`no adapter registered for ${ecosystem}`);
  return adapter;
}

/** The adapter whose OSV ecosystem name this is (`npm`, `PyPI`); undefined for others. */
export function adapterForOsv(osvEcosystem: string): EcosystemAdapter | undefined {
  return registered.find((a) => a.osvName === osvEcosystem);
}

/** Packages in list order: ecosystem, name, then each ecosystem's version order. */
export function comparePackages(
  a: { ecosystem: Ecosystem; name: string; version?: string },
  b: { ecosystem: Ecosystem; name: string; version?: string },
): number {
  return comparePackageOrder(a, b, versionOrderOf);
}

function versionOrderOf(ecosystem: Ecosystem): VersionOrder {
  return adapterFor(ecosystem).versionOrder ?? compareText;
}

/**
 * A reader of installed copies (node_modules, site-packages) for each ecosystem of a lockfile;
 * undefined for an ecosystem that has none. Readers find copies on first use.
 */
export async function installedCopyReaders(
  snapshot: Snapshot,
  projectDir: string,
  options: InstalledLicenseOptions,
): Promise<Map<Ecosystem, InstalledLicenseReader | undefined>> {
  const readers = new Map<Ecosystem, InstalledLicenseReader | undefined>();
  for (const ecosystem of new Set(snapshot.packages.map((pkg) => pkg.ecosystem)))
    readers.set(ecosystem, await adapterFor(ecosystem).installedLicenses?.(projectDir, snapshot, options));
  return readers;
}

/** How licence values of an ecosystem's packages are read (its own spellings, such as npm's old "BSD"). */
export function licenseReading(ecosystem: Ecosystem): NormaliseOptions {
  const aliases = adapterFor(ecosystem).licenseAliases;
  return aliases ? { aliases } : {};
}

export function lockfileParsers(): LockfileParser[] {
  return registered.flatMap((a) => a.lockfileParsers);
}

/** The ecosystems whose imports `lk check imports` checks, with their import support loaded. */
export async function importingEcosystems(): Promise<ImportingAdapter[]> {
  const loaded = await Promise.all(
    registered.map(async (adapter) => {
      const imports = await adapter.loadImports?.();
      return imports && { ...adapter, imports };
    }),
  );
  return loaded.filter((adapter) => adapter !== undefined);
}

/** The ecosystems' names for messages: "npm and PyPI". */
export function ecosystemNames(): string {
  const names = registered.map((a) => a.displayName);
  return names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}
