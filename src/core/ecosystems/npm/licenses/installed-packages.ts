import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { readRegularFile } from "../../../files/read-regular-file.js";
import { licenseFilesIn } from "../../../licenses/license-files.js";
import type { PackageNode } from "../../../model/types.js";

/** An npm package found installed next to its lockfile. */
export interface InstalledNpmPackage {
  dir: string;
  manifest: string;
  /** `license`, else the legacy `licenses`, as the package.json has it. */
  license: unknown;
  licenseFiles: string[];
}

/**
 * Finds installed npm packages under a lockfile's directory: the lockfile's own install path
 * (package-lock keys such as `node_modules/a/node_modules/b`), pnpm's virtual store
 * (`node_modules/.pnpm/<name>@<version>…/node_modules/<name>`), then the top-level
 * `node_modules/<name>`. A package.json counts only when its name and version are the package's:
 * another version installed in the same place says nothing about this one.
 */
export class NpmInstallLocator {
  private pnpmStore: string[] | undefined;
  private hasNodeModules: boolean | undefined;

  constructor(private readonly lockDir: string) {}

  find(pkg: PackageNode): InstalledNpmPackage | undefined {
    // Most CI checkouts have nothing installed: one check instead of failed reads per package.
    this.hasNodeModules ??= existsSync(join(this.lockDir, "node_modules"));
    const ownPath = pkg.source.kind === "workspace" || pkg.source.kind === "link";
    if (!this.hasNodeModules && !ownPath) return undefined;
    for (const dir of this.candidates(pkg)) {
      const manifestPath = join(dir, "package.json");
      const manifest = readManifest(manifestPath);
      if (!manifest) continue;
      const names = [pkg.name, pkg.displayName, ...(pkg.aliases ?? [])];
      if (typeof manifest.name === "string" && !names.includes(manifest.name)) continue;
      if (pkg.version !== undefined && manifest.version !== pkg.version) continue;
      return {
        dir,
        manifest: manifestPath,
        license: manifest.license ?? manifest.licenses,
        licenseFiles: licenseFilesIn(dir),
      };
    }
    return undefined;
  }

  private *candidates(pkg: PackageNode): Generator<string> {
    const ownPath = pkg.source.kind === "workspace" || pkg.source.kind === "link";
    for (const { key } of pkg.locations) {
      if (key && (key.startsWith("node_modules/") || (ownPath && !key.includes("@"))))
        yield join(this.lockDir, key);
    }
    if (pkg.version !== undefined) {
      const prefix = `${pkg.name.replace("/", "+")}@${pkg.version}`;
      for (const entry of this.pnpmStoreEntries()) {
        if (entry === prefix || entry.startsWith(`${prefix}_`) || entry.startsWith(`${prefix}(`))
          yield join(this.lockDir, "node_modules/.pnpm", entry, "node_modules", pkg.name);
      }
    }
    yield join(this.lockDir, "node_modules", pkg.name);
  }

  private pnpmStoreEntries(): string[] {
    if (!this.pnpmStore) {
      try {
        this.pnpmStore = readdirSync(join(this.lockDir, "node_modules/.pnpm"));
      } catch {
        this.pnpmStore = [];
      }
    }
    return this.pnpmStore;
  }
}

function readManifest(path: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(readRegularFile(path, path));
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    // Absent or unreadable: this place does not hold the package.
    return undefined;
  }
}
