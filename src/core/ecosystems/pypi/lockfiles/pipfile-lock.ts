import { parse as parseToml } from "smol-toml";
import { parseError } from "../../../errors.js";
import { parseJsonText } from "../../../files/json-text.js";
import { dirnameRelative, joinRelative, type ProjectFiles } from "../../../files/project-files.js";
import { hashFromPrefixed } from "../../../model/hashes.js";
import { type PackageInput, SnapshotBuilder } from "../../../model/snapshot-builder.js";
import type { Hash, PackageSource, Scope, Snapshot } from "../../../model/types.js";
import type { LockfileInput, LockfileParser } from "../../types.js";
import { normalisePypiName } from "../names.js";
import { pypiNaming } from "../naming.js";

type JsonObject = Record<string, unknown>;

const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/;
/** Pipfile tables that are not package categories. */
const PIPFILE_NON_CATEGORIES = new Set(["source", "requires", "pipenv", "scripts"]);

/**
 * Pipenv's Pipfile.lock: `default` (prod) and `develop` (dev) package tables, plus custom
 * categories (pipenv ≥ 2022.10) counted as dev. The lock has no dependency graph, so direct
 * packages come from the Pipfile beside it and scopes from the tables.
 */
export const pipfileLockParser: LockfileParser = {
  format: "pipfile-lock",
  ecosystem: "pypi",
  description: "Pipenv's Pipfile.lock (with the Pipfile beside it for direct dependencies)",
  matchesFileName: (fileName) => fileName === "Pipfile.lock",
  fileNamePatterns: ["Pipfile.lock"],
  parse: parsePipfileLock,
};

function parsePipfileLock(input: LockfileInput): Snapshot {
  const doc = readJson(input.path, input.content);
  const meta = asObject(doc._meta);
  const sections = Object.keys(doc).filter((key) => key !== "_meta" && asObject(doc[key]) !== undefined);
  if (!meta && !sections.includes("default") && !sections.includes("develop")) {
    throw parseError(input.path, "not a Pipfile.lock: no _meta, default or develop table", 1);
  }
  const spec = meta?.["pipfile-spec"];
  const builder = new SnapshotBuilder(
    {
      path: input.path,
      format: "pipfile-lock",
      ecosystem: "pypi",
      formatVersion: typeof spec === "number" || typeof spec === "string" ? String(spec) : "unknown",
      manifests: [],
    },
    pypiNaming,
  );
  if (spec === undefined) builder.warn("_meta.pipfile-spec is missing; the lock's format version is unknown");
  builder.addRoot(".");
  const declared = readPipfile(input, builder);
  const indexes = indexUrls(meta);
  const lines = entryLines(input.content);
  const locked = new Set<string>();
  for (const section of sections) {
    const scope: Scope = section === "default" ? "prod" : "dev";
    for (const [name, value] of Object.entries(asObject(doc[section]) ?? {})) {
      builder.countEntry();
      const line = lines.get(`${section}\u0000${name}`);
      const result = packageInput(name, value, indexes);
      if (typeof result === "string") {
        builder.skip(`${section}/${name}`, result, line);
        continue;
      }
      const { input: pkg, problems } = result;
      pkg.scopeHint = scope;
      pkg.directHint = declared === undefined || declared.has(normalisePypiName(name));
      pkg.location = line === undefined ? { key: `${section}/${name}` } : { key: `${section}/${name}`, line };
      for (const problem of problems) builder.warn(`${section}/${name}: ${problem}`);
      builder.addPackage(pkg);
      locked.add(normalisePypiName(name));
    }
  }
  const missing = [...(declared ?? [])].filter((name) => !locked.has(name)).sort();
  if (missing.length > 0) {
    builder.warn(
      `Pipfile declares packages Pipfile.lock does not lock (out of date?): ${missing.join(", ")}`,
    );
  }
  return builder.build();
}

function readJson(path: string, content: string): JsonObject {
  // npm's package-lock reader already finds the line of a JSON syntax error (V8's messages do
  // not always carry one); shared rather than written a third time.
  const object = asObject(parseJsonText(content, path));
  if (!object) throw parseError(path, "not a Pipfile.lock: the top level is not a JSON object", 1);
  return object;
}

/** Normalised names the Pipfile declares in any package category; undefined without a readable Pipfile. */
function readPipfile(input: LockfileInput, builder: SnapshotBuilder): Set<string> | undefined {
  const path = joinRelative(dirnameRelative(input.path), "Pipfile");
  const content = readQuietly(input.files, path);
  if (content === undefined) {
    builder.warn("no Pipfile beside Pipfile.lock: every locked package is counted as direct");
    return undefined;
  }
  builder.addManifest(path);
  let doc: JsonObject;
  try {
    doc = parseToml(content) as JsonObject;
  } catch (error: unknown) {
    const reason = (error instanceof Error ? error.message : String(error)).split("\n", 1)[0];
    builder.warn(`${path} is not valid TOML (${reason}): every locked package is counted as direct`);
    return undefined;
  }
  const names = new Set<string>();
  for (const [category, table] of Object.entries(doc)) {
    if (PIPFILE_NON_CATEGORIES.has(category)) continue;
    for (const name of Object.keys(asObject(table) ?? {})) names.add(normalisePypiName(name));
  }
  return names;
}

/** Index name → URL from `_meta.sources`, for the `index` field of entries. */
function indexUrls(meta: JsonObject | undefined): Map<string, string> {
  const urls = new Map<string, string>();
  for (const source of Array.isArray(meta?.sources) ? meta.sources : []) {
    const object = asObject(source);
    if (typeof object?.name === "string" && typeof object.url === "string") urls.set(object.name, object.url);
  }
  return urls;
}

/**
 * One locked entry as builder input, or the reason it cannot be one. `problems` are oddities
 * worth a warning that do not stop the package from counting.
 */
function packageInput(
  name: string,
  value: unknown,
  indexes: Map<string, string>,
): { input: PackageInput; problems: string[] } | string {
  if (!NAME.test(name)) return "not a valid project name";
  const entry = asObject(value);
  if (!entry) return "entry is not an object";
  for (const key of ["version", "markers", "git", "ref", "file", "path", "index", "subdirectory"]) {
    if (entry[key] !== undefined && typeof entry[key] !== "string") return `"${key}" is not a string`;
  }
  if (entry.hashes !== undefined && !isStringArray(entry.hashes)) return `"hashes" is not a list of strings`;
  if (entry.extras !== undefined && !isStringArray(entry.extras)) return `"extras" is not a list of strings`;
  const input: PackageInput = { name };
  const problems: string[] = [];
  const version = entry.version as string | undefined;
  if (version?.startsWith("===")) input.version = version.slice(3);
  else if (version?.startsWith("==")) input.version = version.slice(2);
  else if (version !== undefined && version !== "*" && version !== "") input.requirement = version;
  const source = sourceOf(entry, indexes);
  input.source = source;
  if (source.kind !== "registry") {
    problems.push(`${source.kind} package (${source.url}), not pinned to a registry version`);
  } else if (!input.version) {
    problems.push(`no pinned version (${version ?? "none"})`);
  }
  const hashes: Hash[] = [];
  for (const written of (entry.hashes as string[] | undefined) ?? []) {
    const hash = hashFromPrefixed(written);
    if (hash) hashes.push(hash);
    else problems.push(`hash ${written} is not a known algorithm:hex digest; ignored`);
  }
  input.hashes = hashes;
  if (typeof entry.markers === "string" && entry.markers !== "") input.markers = entry.markers;
  return { input, problems };
}

function sourceOf(entry: JsonObject, indexes: Map<string, string>): PackageSource {
  if (typeof entry.git === "string") {
    // pip's direct-reference spelling, the one the other Python parsers use for git sources.
    const base = entry.git.startsWith("git+") ? entry.git : `git+${entry.git}`;
    const withRef = typeof entry.ref === "string" ? `${base}@${entry.ref}` : base;
    const url =
      typeof entry.subdirectory === "string" ? `${withRef}#subdirectory=${entry.subdirectory}` : withRef;
    return { kind: "git", url };
  }
  if (typeof entry.file === "string") {
    const remote = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(entry.file) && !entry.file.startsWith("file:");
    return { kind: remote ? "url" : "file", url: entry.file };
  }
  if (typeof entry.path === "string") return { kind: "file", url: entry.path };
  const index = typeof entry.index === "string" ? indexes.get(entry.index) : undefined;
  return index ? { kind: "registry", url: index } : { kind: "registry" };
}

/**
 * Line of each `section → name` entry. pipenv writes the lock with four-space indentation,
 * sections at one level and packages at two; JSON.parse keeps no positions, so the text is
 * scanned. Entries of a lock written otherwise simply get no line.
 */
function entryLines(content: string): Map<string, number> {
  const lines = new Map<string, number>();
  const section = /^ {4}"([^"\\]+)": \{/;
  const entry = /^ {8}"([^"\\]+)": /;
  let current: string | undefined;
  let line = 0;
  for (const raw of content.split("\n")) {
    line++;
    const sectionMatch = section.exec(raw);
    if (sectionMatch) {
      current = sectionMatch[1];
      continue;
    }
    const entryMatch = current === undefined ? null : entry.exec(raw);
    if (entryMatch) lines.set(`${current}\u0000${entryMatch[1]}`, line);
  }
  return lines;
}

function readQuietly(files: ProjectFiles, path: string): string | undefined {
  try {
    return files.readText(path);
  } catch {
    return undefined; // an unreadable Pipfile is handled like a missing one, with the same warning
  }
}

function asObject(value: unknown): JsonObject | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as JsonObject)
    : undefined;
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === "string");
}
