import { parseError } from "../../../errors.js";
import { lineAt, parseJsonText } from "../../../files/json-text.js";
import { dirnameRelative, joinRelative } from "../../../files/project-files.js";
import { SnapshotBuilder } from "../../../model/snapshot-builder.js";
import type { Snapshot } from "../../../model/types.js";
import type { LockfileInput, LockfileParser } from "../../types.js";
import { npmNaming } from "../naming.js";
import { isObject } from "./package-lock/declared-deps.js";
import { readDependenciesSection } from "./package-lock/dependencies-section.js";
import { findDuplicateEntryKey } from "./package-lock/duplicate-keys.js";
import type { LockContext } from "./package-lock/package-entry.js";
import { readPackagesSection } from "./package-lock/packages-section.js";
import { readRootManifest } from "./package-lock/root-manifest.js";

/**
 * npm's `package-lock.json` and `npm-shrinkwrap.json`, lockfileVersion 1 (a nested
 * `dependencies` tree), 2 (both layouts; the `packages` map is read) and 3 (`packages` only).
 */
export const packageLockParser: LockfileParser = {
  format: "package-lock",
  ecosystem: "npm",
  description: "npm package-lock.json / npm-shrinkwrap.json (lockfileVersion 1, 2, 3)",
  matchesFileName: (fileName) => fileName === "package-lock.json" || fileName === "npm-shrinkwrap.json",
  fileNamePatterns: ["package-lock.json", "npm-shrinkwrap.json"],
  parse: parsePackageLock,
};

function parsePackageLock({ path, content, files }: LockfileInput): Snapshot {
  const lock = parseJsonText(content, path);
  const duplicate = findDuplicateEntryKey(content);
  if (duplicate) {
    const first = lineAt(content, duplicate.firstOffset);
    throw parseError(
      path,
      `duplicate key ${duplicate.key.length > 200 ? `"${duplicate.key.slice(0, 197)}..."` : `"${duplicate.key}"`} in "${duplicate.section}" (first at line ${first}): npm writes each entry once; a repeated one would hide the other`,
      lineAt(content, duplicate.offset),
    );
  }
  if (!isObject(lock) || !("lockfileVersion" in lock || "packages" in lock || "dependencies" in lock)) {
    throw parseError(path, "not a package-lock: no lockfileVersion, packages or dependencies", 1);
  }
  const { packages, dependencies } = lock;
  if (packages !== undefined && !isObject(packages))
    throw parseError(path, "not a package-lock: `packages` is not an object");
  if (packages === undefined && dependencies !== undefined && !isObject(dependencies))
    throw parseError(path, "not a package-lock: `dependencies` is not an object");

  const declared = lock.lockfileVersion;
  const known = typeof declared === "number" || (typeof declared === "string" && declared !== "");
  const formatVersion = known ? String(declared) : packages !== undefined ? "3" : "1";
  const builder = new SnapshotBuilder(
    { path, format: "package-lock", ecosystem: "npm", formatVersion, manifests: [] },
    npmNaming,
  );
  if (!known) builder.warn(`no lockfileVersion: read as version ${formatVersion}`);
  const lockDir = dirnameRelative(path);
  const context: LockContext = { builder, text: content, missing: [], hashes: new Map(), files, lockDir };
  const name = typeof lock.name === "string" && lock.name !== "" ? lock.name : undefined;

  if (isObject(packages)) {
    readPackagesSection(context, packages, name);
  } else {
    const version = typeof lock.version === "string" && lock.version !== "" ? lock.version : undefined;
    const manifestPath = joinRelative(lockDir, "package.json");
    const rootManifest = readRootManifest(files, manifestPath);
    if (rootManifest.manifest) builder.addManifest(manifestPath);
    readDependenciesSection(
      context,
      isObject(dependencies) ? dependencies : {},
      { name, version },
      rootManifest,
    );
  }
  return builder.build();
}
