import { existsSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { comparePackages } from "../ecosystems/index.js";
import { readRegularFile } from "../files/read-regular-file.js";
import { displayPath } from "./license-files.js";
import type { LicensedPackage, ResolvedLicense } from "./types.js";

/** One licence text shipped with a package. */
export interface NoticeText {
  /** Where it was read from, relative to the project. */
  file: string;
  text: string;
}

export interface NoticeEntry {
  ecosystem: LicensedPackage["ecosystem"];
  name: string;
  displayName: string;
  version?: string;
  license: ResolvedLicense;
  texts: NoticeText[];
  /** Why there is no text, when there is none. */
  missing?: string;
}

export interface NoticeData {
  /** Packages with at least one licence text, sorted by ecosystem, name and version. */
  withText: NoticeEntry[];
  /** Packages without one, in the same order: listed so nobody assumes they were covered. */
  withoutText: NoticeEntry[];
}

/**
 * The contents of a third-party notice: each distinct package (a package listed by several
 * lockfiles appears once) with the licence texts its installed copy ships — LICENSE*, LICENCE*,
 * COPYING*, NOTICE*, a wheel's `licenses/` folder, or the file a `SEE LICENSE IN <file>` names.
 */
export function collectNotices(packages: readonly LicensedPackage[], projectDir: string): NoticeData {
  const byKey = new Map<string, NoticeEntry>();
  for (const pkg of packages) {
    // The project's own workspace packages are not third-party software.
    if (pkg.sourceKind === "workspace" || pkg.sourceKind === "link") continue;
    const key = `${pkg.ecosystem}:${pkg.name}@${pkg.version ?? ""}`;
    const existing = byKey.get(key);
    if (existing && existing.texts.length > 0) continue;
    const entry = noticeEntry(pkg, projectDir);
    if (!existing || entry.texts.length > 0) byKey.set(key, entry);
  }
  const entries = [...byKey.values()].sort(comparePackages);
  return {
    withText: entries.filter((e) => e.texts.length > 0),
    withoutText: entries.filter((e) => e.texts.length === 0),
  };
}

function noticeEntry(pkg: LicensedPackage, projectDir: string): NoticeEntry {
  const entry: NoticeEntry = {
    ecosystem: pkg.ecosystem,
    name: pkg.name,
    displayName: pkg.displayName,
    license: pkg.license,
    texts: [],
  };
  if (pkg.version !== undefined) entry.version = pkg.version;
  if (!pkg.installedDir) {
    entry.missing = "not installed";
    return entry;
  }
  const files = [...(pkg.licenseFiles ?? [])];
  const named = /^see licen[cs]e in (.+)$/i.exec(pkg.license.raw.trim())?.[1];
  if (named) {
    const path = resolve(pkg.installedDir, named.trim());
    // Only a file inside the package: the text names a path, not an arbitrary location.
    if (path.startsWith(join(pkg.installedDir, "/")) && isFile(path) && !files.includes(path))
      files.unshift(path);
  }
  for (const file of files) {
    const text = readText(file);
    if (text) entry.texts.push({ file: displayPath(projectDir, file), text });
  }
  if (entry.texts.length === 0) entry.missing = "the installed package has no licence file";
  return entry;
}

function readText(path: string): string | undefined {
  try {
    const text = readRegularFile(path, path).replace(/\r\n?/g, "\n").trimEnd();
    return text.trim() === "" ? undefined : text;
  } catch {
    return undefined;
  }
}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}
