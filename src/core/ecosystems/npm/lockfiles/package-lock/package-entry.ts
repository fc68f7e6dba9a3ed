import { lineOfKey } from "../../../../files/json-text.js";
import type { ProjectFiles } from "../../../../files/project-files.js";
import { hashesFromIntegrity } from "../../../../model/hashes.js";
import type { SnapshotBuilder } from "../../../../model/snapshot-builder.js";
import type { DependencyKind, Hash } from "../../../../model/types.js";
import { isObject, type JsonObject } from "./declared-deps.js";

/** What both lockfile layouts share while they are read. */
export interface LockContext {
  builder: SnapshotBuilder;
  /** The lockfile text, to find the line of an entry that has to be skipped. */
  text: string;
  /** Dependencies that could not be found in the lockfile, reported once at the end. */
  missing: string[];
  /** Decoded `integrity` strings. */
  hashes: Map<string, Hash[]>;
  /** The project's files, for the manifests beside the lockfile, and the lockfile's folder. */
  files: ProjectFiles;
  lockDir: string;
}

/** The `license` field as recorded; very old packages have `{ "type": "MIT" }`. */
export function licenseOf(entry: JsonObject): string | undefined {
  const license = entry.license;
  if (typeof license === "string") return license || undefined;
  if (isObject(license) && typeof license.type === "string") return license.type || undefined;
  return undefined;
}

/**
 * Hashes of an entry's `integrity`. Copies of one package installed in several places repeat the
 * same string; decoding it once matters, as base64 → hex is the costliest step per entry.
 */
export function hashesOf(context: LockContext, entry: JsonObject): Hash[] {
  const integrity = entry.integrity;
  if (typeof integrity !== "string") return [];
  let hashes = context.hashes.get(integrity);
  if (!hashes) {
    hashes = hashesFromIntegrity(integrity);
    context.hashes.set(integrity, hashes);
  }
  return hashes;
}

/** Why an entry cannot become a package, or undefined when it can. */
export function entryProblem(entry: unknown): string | undefined {
  if (!isObject(entry)) return "entry is not an object";
  if (typeof entry.version !== "string" || entry.version === "") return "entry has no version";
  return undefined;
}

/** Records a skipped entry, with the line of its key in the file when it can be found. */
export function skipEntry(context: LockContext, key: string, reason: string): void {
  context.builder.skip(key, reason, lineOfKey(context.text, key));
}

/**
 * Notes a declared dependency that is not installed. Optional and peer dependencies are often
 * legitimately absent (another platform, a peer nobody provides), so only required ones count.
 */
export function noteMissing(context: LockContext, from: string, name: string, kind: DependencyKind): void {
  if (kind === "prod" || kind === "dev") context.missing.push(`${from} → ${name}`);
}

/** Turns the collected missing dependencies into one warning, not hundreds. */
export function reportMissing(context: LockContext): void {
  const { missing } = context;
  if (missing.length === 0) return;
  const examples = missing.slice(0, 5).join(", ");
  context.builder.warn(
    `${missing.length} declared ${missing.length === 1 ? "dependency is" : "dependencies are"} not in the lockfile (${examples}${missing.length > 5 ? ", …" : ""})`,
  );
}
