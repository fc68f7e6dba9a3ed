import { existsSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { readRegularFile } from "../../../files/read-regular-file.js";
import { filesBelow, licenseFilesIn } from "../../../licenses/license-files.js";
import { normalisePypiName } from "../names.js";
import { pep440Versioning } from "../versioning.js";
import { parseCoreMetadata } from "./core-metadata.js";
import type { PythonLicenseFields } from "./license-metadata.js";

/** A Python distribution found installed in a site-packages folder. */
export interface InstalledDistribution {
  /** The .dist-info (or .egg-info) folder. */
  dir: string;
  metadata: string;
  fields: PythonLicenseFields;
  licenseFiles: string[];
}

interface IndexEntry {
  dir: string;
  version: string;
}

/** Virtualenv folder names looked for next to the project. */
const VENV_NAMES = [".venv", "venv"];

/**
 * The site-packages folders of virtualenvs (`.venv`, `venv`) in the lockfile's folder and each
 * parent up to the project folder, plus configured folders. Layouts: `lib/pythonX.Y/site-packages`
 * (POSIX, also `lib64`) and `Lib/site-packages` (Windows).
 */
export function findSitePackages(
  projectDir: string,
  lockDir: string,
  configured: readonly string[] = [],
): string[] {
  const found: string[] = configured.map((dir) => resolve(projectDir, dir));
  let dir = resolve(lockDir);
  const top = resolve(projectDir);
  for (;;) {
    for (const venv of VENV_NAMES) found.push(...venvSitePackages(join(dir, venv)));
    if (dir === top || !dir.startsWith(top)) break;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return [...new Set(found)].filter((path) => existsSync(path));
}

/** The site-packages folders a virtualenv may have (Windows and POSIX layouts); some may not exist. */
export function venvSitePackages(venv: string): string[] {
  const found = [join(venv, "Lib", "site-packages")];
  for (const lib of ["lib", "lib64"]) {
    try {
      for (const entry of readdirSync(join(venv, lib))) {
        if (/^python\d/.test(entry)) found.push(join(venv, lib, entry, "site-packages"));
      }
    } catch {
      // No such layout in this virtualenv.
    }
  }
  return found;
}

/**
 * Installed distributions by PEP 503 name, read from folder names (`name-version.dist-info`) so
 * only the METADATA files of packages asked about are opened.
 */
export class SitePackagesIndex {
  private readonly byName = new Map<string, IndexEntry[]>();

  constructor(sitePackages: readonly string[]) {
    for (const folder of sitePackages) {
      let entries: string[];
      try {
        entries = readdirSync(folder);
      } catch {
        continue;
      }
      for (const entry of entries) {
        // Egg folders may carry the Python version: `name-1.0-py3.11.egg-info`.
        const [, written, version] = /^(.+?)-([^-]+?)(?:-py\d[\d.]*)?\.(?:dist|egg)-info$/.exec(entry) ?? [];
        if (written === undefined || version === undefined) continue;
        const name = normalisePypiName(written);
        const list = this.byName.get(name) ?? [];
        list.push({ dir: join(folder, entry), version });
        this.byName.set(name, list);
      }
    }
  }

  get size(): number {
    return this.byName.size;
  }

  /** The installed distribution of this name and version (PEP 440 equality); any single one when unpinned. */
  find(name: string, version: string | undefined): InstalledDistribution | undefined {
    const entries = this.byName.get(normalisePypiName(name)) ?? [];
    const entry =
      version === undefined
        ? entries.length === 1
          ? entries[0]
          : undefined
        : entries.find((e) => sameVersion(e.version, version));
    return entry ? readDistribution(entry.dir) : undefined;
  }
}

function sameVersion(a: string, b: string): boolean {
  if (a === b) return true;
  try {
    return pep440Versioning.compare(a, b) === 0;
  } catch {
    return false;
  }
}

function readDistribution(dir: string): InstalledDistribution | undefined {
  const metadata = join(dir, dir.endsWith(".egg-info") ? "PKG-INFO" : "METADATA");
  let text: string;
  try {
    text = readRegularFile(metadata, metadata);
  } catch {
    return undefined;
  }
  const headers = parseCoreMetadata(text);
  const fields: PythonLicenseFields = { classifiers: headers.get("classifier") ?? [] };
  const expression = headers.get("license-expression")?.[0];
  const license = headers.get("license")?.[0];
  if (expression) fields.licenseExpression = expression;
  if (license) fields.license = license;
  // PEP 639 wheels keep licence files under licenses/; older wheels put LICENSE* beside METADATA.
  const licenseFiles = [...filesBelow(join(dir, "licenses")), ...licenseFilesIn(dir)];
  return { dir, metadata, fields, licenseFiles };
}
