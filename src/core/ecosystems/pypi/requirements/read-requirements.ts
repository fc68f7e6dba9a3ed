import { parseError } from "../../../errors.js";
import { dirnameRelative, joinRelative, type ProjectFiles } from "../../../files/project-files.js";
import { hashFromPrefixed } from "../../../model/hashes.js";
import { strongerScope } from "../../../model/scopes.js";
import { type PackageInput, SnapshotBuilder } from "../../../model/snapshot-builder.js";
import type { Hash, PackageLocation, Scope, Snapshot } from "../../../model/types.js";
import type { LockfileInput } from "../../types.js";
import { normalisePypiName } from "../names.js";
import { pypiNaming } from "../naming.js";
import { InputRanges } from "./input-ranges.js";
import { includePath, scopeFromFileName } from "./layering.js";
import { readLocalProject } from "./local-project.js";
import { applyProdLayer } from "./prod-layer.js";
import type { PipRequirement } from "./requirement-line.js";
import {
  parseRequirementsDocument,
  type RequirementEntry,
  type RequirementsDocument,
} from "./requirements-document.js";
import { describeUrl } from "./source-url.js";

/** A lock (`.txt`: pins expected, anything else is worth a warning) or an input (`.in`: ranges are normal). */
export type RequirementsMode = "lock" | "input";

/** A requirements file read into the builder, kept for linking its `# via` annotations afterwards. */
interface ReadFile {
  path: string;
  scope: Scope;
  doc: RequirementsDocument;
  packages: { entry: RequirementEntry; id: string }[];
  byName: Map<string, string[]>;
}

/** Includes nest this deep at most; deeper is a loop through differently spelled paths. */
const MAX_INCLUDE_DEPTH = 20;

/**
 * Reads a requirements file and everything it includes with `-r` into a snapshot. Shared by the
 * `.txt` and `.in` parsers; the mode decides the format version and which lines deserve a warning.
 */
export function readRequirements(
  input: LockfileInput,
  format: "requirements" | "requirements-in",
  mode: RequirementsMode,
): Snapshot {
  const nul = input.content.indexOf("\u0000");
  if (nul >= 0)
    throw parseError(input.path, "binary content, not a requirements file", lineOf(input.content, nul));
  const doc = parseRequirementsDocument(input.content);
  const formatVersion = mode === "input" ? "pip-tools-in" : (doc.generator ?? "pip");
  const builder = new SnapshotBuilder(
    { path: input.path, format, ecosystem: "pypi", formatVersion, manifests: [] },
    pypiNaming,
  );
  const reader = new RequirementsReader(builder, input.files, mode, input.path);
  const scope = scopeFromFileName(input.path);
  reader.readFile(input.path, doc, scope, 0);
  reader.linkAnnotations();
  const incomplete = incompleteness(doc, mode);
  if (incomplete) builder.markIncomplete(incomplete);
  const snapshot = builder.build();
  if (mode === "lock" && scope === "dev") {
    applyProdLayer(snapshot, {
      lockPath: input.path,
      doc,
      files: input.files,
      constrainedByProd: reader.constrainedByProdLayer(),
      addManifest: (path) => builder.addManifest(path),
      warn: (message) => snapshot.coverage.warnings.push(message),
    });
  }
  return snapshot;
}

/**
 * Why a requirements file may not pin everything that installs, or undefined when it does:
 * pip-compile and uv write every dependency (their header and `# via` annotations say so), and pip
 * refuses to install a file with hashes that leaves a dependency out. A file without either may
 * list `Flask` and `Werkzeug` and none of what they pull in.
 */
function incompleteness(doc: RequirementsDocument, mode: RequirementsMode): string | undefined {
  if (mode === "input") return "an input file, not a lock: its packages' dependencies are not listed";
  if (doc.generator !== undefined || doc.annotated) return undefined;
  if (doc.entries.length > 0 && doc.entries.every((entry) => entry.requirement.hashes.length > 0))
    return undefined;
  return "not a compiled lock (no pip-compile or uv header, no # via annotations, no hashes): it may leave out dependencies of the packages it names, and those are not in the inventory";
}

class RequirementsReader {
  private readonly root: string;
  private readonly read: ReadFile[] = [];
  private readonly visited = new Set<string>();
  private readonly allByName = new Map<string, string[]>();
  /** The `.in` files annotations name: declared ranges, and whether the lock still matches them. */
  private readonly inputRanges: InputRanges;

  constructor(
    private readonly builder: SnapshotBuilder,
    private readonly files: ProjectFiles,
    private readonly mode: RequirementsMode,
    private readonly mainPath: string,
  ) {
    this.root = builder.addRoot(".");
    this.inputRanges = new InputRanges(files);
  }

  /** Adds one file's packages, then follows its `-r` includes (their packages install too). */
  readFile(path: string, doc: RequirementsDocument, scope: Scope, depth: number): void {
    this.visited.add(path);
    const file: ReadFile = { path, scope, doc, packages: [], byName: new Map() };
    this.read.push(file);
    for (const bad of doc.invalid) {
      this.builder.countEntry();
      this.builder.skip(this.label(path, bad.text), bad.reason, bad.line);
    }
    for (const unknown of doc.unknownOptions) {
      this.builder.warn(`${this.where(path, unknown.line)}: unknown option ${unknown.option} ignored`);
    }
    for (const entry of doc.entries) this.addEntry(file, entry);
    for (const include of doc.includes) {
      if (!include.constraint) this.followInclude(path, include.path, include.line, scope, depth);
    }
  }

  private followInclude(from: string, written: string, line: number, scope: Scope, depth: number): void {
    const where = this.where(from, line);
    if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(written)) {
      this.builder.warn(`${where}: included URL ${written} not read (Lockkeeper works offline)`);
      return;
    }
    const path = includePath(from, written);
    // A file read already (a diamond or a loop of includes) adds nothing new the second time.
    if (this.visited.has(path)) return;
    if (depth >= MAX_INCLUDE_DEPTH) {
      this.builder.warn(`${where}: -r ${written} nests includes deeper than ${MAX_INCLUDE_DEPTH}; not read`);
      return;
    }
    let content: string | undefined;
    try {
      content = this.files.readText(path);
    } catch (error: unknown) {
      this.builder.warn(`${where}: included file ${written} could not be read: ${String(error)}`);
      return;
    }
    if (content === undefined) {
      this.builder.warn(`${where}: included file ${written} not found; its requirements are missing`);
      return;
    }
    this.builder.addManifest(path);
    // A file installed together with a prod one is prod, whatever its name says.
    const includedScope = strongerScope(scope, scopeFromFileName(path));
    this.readFile(path, parseRequirementsDocument(content), includedScope, depth + 1);
  }

  private addEntry(file: ReadFile, entry: RequirementEntry): void {
    this.builder.countEntry();
    const requirement = entry.requirement;
    const label = this.label(file.path, requirementKey(requirement));
    const where = this.where(file.path, entry.line);
    const input: PackageInput = { name: "", scopeHint: file.scope };
    if (requirement.url !== undefined) {
      const facts = describeUrl(requirement.url);
      let name = requirement.name ?? facts.name;
      let version = facts.version;
      const directory =
        facts.localPath === undefined ? undefined : localDirectory(file.path, facts.localPath);
      if (directory !== undefined && (!name || !version)) {
        const local = readLocalProject(this.files, directory);
        if (local && (!name || normalisePypiName(name) === normalisePypiName(local.name ?? ""))) {
          name ??= local.name;
          version ??= local.version;
          this.builder.addManifest(local.manifest);
        }
      }
      if (!name) {
        this.builder.skip(
          label,
          "cannot tell the project name of this URL or path (add #egg=<name>)",
          entry.line,
        );
        return;
      }
      input.name = name;
      if (version) input.version = version;
      input.source = { kind: facts.kind, url: requirement.url };
      if (this.mode === "lock") {
        const what = requirement.editable ? "editable" : facts.kind === "file" ? "local path" : facts.kind;
        this.builder.warn(
          `${where}: ${name} is not pinned to a registry version (${what} ${requirement.url})`,
        );
      }
    } else {
      // Only URL and path forms may leave the name out (requirement-line.ts).
      if (requirement.name === undefined) throw new Error(`${where}: a requirement without a name or URL`);
      input.name = requirement.name;
      if (requirement.version) input.version = requirement.version;
      else if (this.mode === "lock") {
        this.builder.warn(
          `${where}: ${requirement.name}${requirement.specifier ?? ""} is not pinned to one version (use ==)`,
        );
      }
    }
    if (!input.version && requirement.specifier) input.requirement = requirement.specifier;
    if (requirement.markers) input.markers = requirement.markers;
    input.hashes = this.hashes(requirement, where);
    input.location = this.location(file.path, requirementKey(requirement), entry.line);
    // Without `# via` annotations nothing tells direct from transitive: pip installs every line.
    if (!file.doc.annotated) input.directHint = true;
    const id = this.builder.addPackage(input);
    file.packages.push({ entry, id });
    const key = normalisePypiName(input.name);
    addTo(file.byName, key, id);
    addTo(this.allByName, key, id);
  }

  private hashes(requirement: PipRequirement, where: string): Hash[] {
    const hashes: Hash[] = [];
    for (const written of requirement.hashes) {
      const hash = hashFromPrefixed(written);
      if (hash) hashes.push(hash);
      else this.builder.warn(`${where}: --hash=${written} is not a known algorithm:hex digest; ignored`);
    }
    return hashes;
  }

  /** Turns pip-compile's reverse `# via` annotations into edges, once every file is read. */
  linkAnnotations(): void {
    for (const file of this.read) {
      if (!file.doc.annotated) continue;
      const unknown = new Set<string>();
      for (const { entry, id } of file.packages) {
        const via = entry.via;
        if (!via || (via.inputs.length === 0 && via.packages.length === 0 && via.constraints.length === 0)) {
          // pip-compile before 5.5 left direct dependencies unannotated.
          this.builder.addEdge(this.root, id, file.scope);
          continue;
        }
        for (const inputFile of via.inputs) {
          const { name, version } = entry.requirement;
          const range =
            name === undefined ? undefined : this.inputRanges.rangeOf(file.path, inputFile, name, version);
          this.builder.addEdge(this.root, id, strongerScope(file.scope, scopeFromFileName(inputFile)), range);
        }
        for (const parent of via.packages) {
          const key = normalisePypiName(parent);
          const parents = file.byName.get(key) ?? this.allByName.get(key);
          if (!parents) unknown.add(parent);
          for (const parentId of parents ?? [])
            if (parentId !== id) this.builder.addEdge(parentId, id, "prod");
        }
      }
      if (unknown.size > 0) {
        this.builder.warn(
          `${file.path}: # via names packages that are not in the file: ${[...unknown].sort().join(", ")}`,
        );
      }
    }
    const stale = this.inputRanges.staleness();
    if (stale) this.builder.warn(stale);
  }

  /** Packages pip-compile annotated `# via -c <prod lock>`: the production layer pinned them. */
  constrainedByProdLayer(): Set<string> {
    const ids = new Set<string>();
    for (const file of this.read) {
      for (const { entry, id } of file.packages) {
        if (entry.via?.constraints.some((path) => scopeFromFileName(path) === "prod")) ids.add(id);
      }
    }
    return ids;
  }

  private label(path: string, text: string): string {
    return path === this.mainPath ? text : `${path}: ${text}`;
  }

  private where(path: string, line: number): string {
    return `${path}:${line}`;
  }

  /** Lines of an included file would be read as lines of the lockfile, so the file goes into the key. */
  private location(path: string, key: string, line: number): PackageLocation {
    return path === this.mainPath ? { key, line } : { key: `${path}:${line}: ${key}` };
  }
}

/** The requirement as a short key (`name[extra]==1.0`, `-e git+https://…`), without hashes or markers. */
function requirementKey(requirement: PipRequirement): string {
  const prefix = requirement.editable ? "-e " : "";
  const extras = requirement.extras.length > 0 ? `[${requirement.extras.join(",")}]` : "";
  if (requirement.url !== undefined) {
    return requirement.name
      ? `${prefix}${requirement.name}${extras} @ ${requirement.url}`
      : `${prefix}${requirement.url}${extras}`;
  }
  return `${prefix}${requirement.name ?? ""}${extras}${requirement.specifier ?? ""}`;
}

/**
 * The project directory a local requirement points at, relative to the requirements file that
 * names it; undefined for archives (their file name already tells what it can) and `~` paths.
 */
function localDirectory(file: string, localPath: string): string | undefined {
  if (localPath.startsWith("~") || /\.(whl|zip|tar\.gz|tar\.bz2|tar\.xz|tgz|tar)$/i.test(localPath))
    return undefined;
  return /^(\/|[A-Za-z]:[\\/])/.test(localPath) ? localPath : joinRelative(dirnameRelative(file), localPath);
}

function addTo(map: Map<string, string[]>, key: string, id: string): void {
  const list = map.get(key);
  if (!list) map.set(key, [id]);
  else if (!list.includes(id)) list.push(id);
}

function lineOf(content: string, index: number): number {
  let line = 1;
  for (let i = content.indexOf("\n"); i >= 0 && i < index; i = content.indexOf("\n", i + 1)) line++;
  return line;
}
