import { joinRelative } from "../../../../files/project-files.js";
import type { PackageInput } from "../../../../model/snapshot-builder.js";
import { ManifestRanges } from "../manifest-ranges.js";
import { isObject, type JsonObject, visitDeclaredDependencies } from "./declared-deps.js";
import { installedName, installSlot, parentDir, workspaceMatcher } from "./node-modules-path.js";
import {
  hashesOf,
  type LockContext,
  licenseOf,
  noteMissing,
  reportMissing,
  skipEntry,
} from "./package-entry.js";
import { readRootManifest } from "./root-manifest.js";
import { sourceFromResolved } from "./sources.js";

/** A workspace member: a root of its own, and a package when something depends on it. */
interface Workspace {
  folder: string;
  entry: JsonObject;
  name: string | undefined;
  /** Created on first use: workspaces nobody depends on stay roots only. */
  packageId?: string;
  /** Link keys pointing at the workspace, the locations of its package. */
  links: string[];
}

/** What an install path resolves to: a package id, or a workspace reached through its link. */
type Target = string | Workspace;

/** A folder or package whose declared dependencies become edges once every key is known. */
interface Declarer {
  key: string;
  from: string;
  entry: JsonObject;
  /** Roots declare devDependencies; packages' own dev dependencies are not installed. */
  isRoot: boolean;
}

/**
 * Reads the `packages` map of lockfile v2 and v3 (v2 also carries the v1 `dependencies` tree for
 * old npm versions; `packages` is the complete one). Keys are install paths: the root is "",
 * workspace folders are plain paths, everything installed is under some node_modules.
 */
export function readPackagesSection(context: LockContext, packages: JsonObject, lockfileName?: string): void {
  new PackagesReader(context).read(packages, lockfileName);
}

class PackagesReader {
  /** What each key (install path or folder) holds: a package, or a workspace through its link. */
  private readonly targets = new Map<string, Target>();
  /** How `file:` folders were added, so a link to one can add its own name and location. */
  private readonly folderInputs = new Map<string, PackageInput>();
  /** The key installed under each name in each folder's node_modules: node's resolution as lookups. */
  private readonly installed = new Map<string, Map<string, string>>();
  private readonly searchPaths = new Map<string, ReadonlyArray<Map<string, string>>>();
  private readonly workspaces = new Map<string, Workspace>();
  private readonly declarers: Declarer[] = [];
  /** Workspaces that became packages and still need their package edges. */
  private readonly workspaceQueue: Workspace[] = [];

  constructor(private readonly context: LockContext) {}

  read(packages: JsonObject, lockfileName: string | undefined): void {
    const { builder } = this.context;
    const rootEntry = isObject(packages[""]) ? packages[""] : {};
    const projectRoot = builder.addRoot(
      ".",
      stringField(rootEntry, "name") ?? lockfileName,
      stringField(rootEntry, "version"),
    );
    this.declarers.push({ key: "", from: projectRoot, entry: rootEntry, isRoot: true });
    builder.addLocationRoot("");
    const isWorkspace = workspaceMatcher(workspacePatterns(rootEntry.workspaces));
    const links: Array<[string, JsonObject]> = [];

    for (const key in packages) {
      if (key === "") continue;
      const entry = packages[key];
      const slot = installSlot(key);
      if (slot < 0 && isObject(entry) && isWorkspace(key)) {
        this.workspaces.set(key, { folder: key, entry, name: stringField(entry, "name"), links: [] });
      } else if (isObject(entry) && entry.link === true) {
        links.push([key, entry]);
      } else {
        this.addEntry(key, entry, slot);
      }
    }
    for (const [key, entry] of links) this.addLink(key, entry);
    // After the links: a workspace without a `name` is known by the name its link installs it as.
    for (const workspace of this.workspaces.values()) {
      const id = builder.addRoot(workspace.folder, workspace.name, stringField(workspace.entry, "version"));
      this.declarers.push({ key: workspace.folder, from: id, entry: workspace.entry, isRoot: true });
      builder.addLocationRoot(workspace.folder);
    }

    // npm honours the project's overrides only, not a workspace's.
    const projectManifest = this.manifestOf("");
    const overrides = projectManifest?.overrides;
    for (const declarer of this.declarers) {
      const searchPath = this.searchPath(declarer.key);
      const from = declarer.from;
      const manifest =
        declarer.key === "" ? projectManifest : declarer.isRoot ? this.manifestOf(declarer.key) : undefined;
      const parentName = declarer.isRoot ? undefined : installedName(declarer.key);
      const malformed = visitDeclaredDependencies(
        declarer.entry,
        declarer.isRoot,
        (name, lockRange, kind) => {
          const range = manifest
            ? manifest.rangeOf(name, lockRange, kind)
            : (parentName !== undefined && overrides?.specFor(parentName, name)) || lockRange;
          const key = find(searchPath, name);
          const target = key === undefined ? undefined : this.targets.get(key);
          if (key === undefined || target === undefined) {
            noteMissing(this.context, declarer.key || ".", name, kind);
            return;
          }
          builder.addEdge(from, this.targetId(target), kind, range);
          builder.addLocationEdge(declarer.key, key, kind);
        },
      );
      if (malformed !== undefined)
        builder.warn(`${declarer.key || "root"}: ignored malformed ${malformed.join(", ")} in the lockfile`);
      const stale = manifest?.staleness();
      if (stale) builder.warn(stale);
    }
    // A workspace that something depends on is also a package; it declares what its root declares
    // (minus dev) so that paths through it stay connected. Scopes do not change: every edge it
    // gets is already an edge of its root.
    for (let i = 0; i < this.workspaceQueue.length; i++) {
      const workspace = this.workspaceQueue[i] as Workspace;
      const searchPath = this.searchPath(workspace.folder);
      visitDeclaredDependencies(workspace.entry, false, (name, range, kind) => {
        const key = find(searchPath, name);
        const target = key === undefined ? undefined : this.targets.get(key);
        if (target !== undefined)
          builder.addEdge(workspace.packageId as string, this.targetId(target), kind, range);
      });
    }
    reportMissing(this.context);
  }

  /**
   * The package.json of a root folder (the project, a workspace), when there is one to compare
   * with; one that cannot be read is a warning, and the lock's own ranges are used.
   */
  private manifestOf(folder: string): ManifestRanges | undefined {
    const { files, lockDir, builder } = this.context;
    const path = joinRelative(lockDir, folder, "package.json");
    const { manifest, problem, missing } = readRootManifest(files, path);
    if (!manifest) {
      if (problem && !missing) builder.warn(`${problem}: the lockfile's own ranges are used`);
      return undefined;
    }
    builder.addManifest(path);
    return ManifestRanges.of(path, manifest, "npm install");
  }

  private addEntry(key: string, entry: unknown, slot: number): void {
    const { builder } = this.context;
    builder.countEntry();
    if (!isObject(entry)) {
      skipEntry(this.context, key, "entry is not an object");
      return;
    }
    const version = entry.version;
    if (typeof version !== "string" || version === "") {
      skipEntry(this.context, key, "entry has no version");
      return;
    }
    const installed = slot >= 0;
    const keyName = installedName(key, slot);
    const name = entry.name;
    const resolved = entry.resolved;
    const input: PackageInput = {
      name: typeof name === "string" && name !== "" ? name : keyName,
      version,
      // A folder outside node_modules that is not a workspace is the target of a `file:` dependency.
      source: installed
        ? sourceFromResolved(typeof resolved === "string" ? resolved : undefined)
        : { kind: "file", url: key },
      hashes: hashesOf(this.context, entry),
      license: licenseOf(entry),
      alias: installed ? keyName : undefined,
      location: { key },
    };
    const id = builder.addPackage(input);
    if (!installed) this.folderInputs.set(key, input);
    this.setTarget(key, id, slot, keyName);
    this.declarers.push({ key, from: id, entry, isRoot: false });
  }

  /**
   * A `link: true` entry is another name for a folder: a workspace, or a `file:` dependency whose
   * folder has its own entry. A link whose folder is not in the lockfile is still a package.
   */
  private addLink(key: string, entry: JsonObject): void {
    const resolved = stringField(entry, "resolved");
    const workspace = resolved === undefined ? undefined : this.workspaces.get(resolved);
    if (workspace) {
      workspace.name ??= installedName(key);
      workspace.links.push(key);
      this.setTarget(key, workspace);
      return;
    }
    const { builder } = this.context;
    const folder = resolved === undefined ? undefined : this.targets.get(resolved);
    if (resolved !== undefined && typeof folder === "string") {
      const input = this.folderInputs.get(resolved);
      if (input) builder.addPackage({ ...input, alias: installedName(key), location: { key } });
      this.setTarget(key, folder);
      // The folder's own dependencies resolve from the folder: the link passes its scope on.
      builder.addLocationEdge(key, resolved, "prod");
      return;
    }
    builder.countEntry();
    if (resolved === undefined) {
      skipEntry(this.context, key, "link has no resolved target");
      return;
    }
    const id = builder.addPackage({
      name: installedName(key),
      source: { kind: "link", url: resolved },
      location: { key },
    });
    this.setTarget(key, id);
  }

  private setTarget(
    key: string,
    target: Target,
    slot = installSlot(key),
    name = installedName(key, slot),
  ): void {
    this.targets.set(key, target);
    if (slot < 0) return;
    const dir = parentDir(key, slot) as string;
    let names = this.installed.get(dir);
    if (!names) {
      names = new Map();
      this.installed.set(dir, names);
    }
    names.set(name, key);
  }

  /**
   * The node_modules folders `require()` searches from a package or folder, nearest first: its
   * own, then those of its parent folder, up to the project root. Memoised by folder, as most
   * packages have no node_modules of their own and share their parent's path.
   */
  private searchPath(from: string): ReadonlyArray<Map<string, string>> {
    const cached = this.searchPaths.get(from);
    if (cached) return cached;
    const parent = parentDir(from);
    const up = parent === undefined ? NO_PATH : this.searchPath(parent);
    const own = this.installed.get(from);
    if (!own) return up;
    const path = [own, ...up];
    this.searchPaths.set(from, path);
    return path;
  }

  private targetId(target: Target): string {
    return typeof target === "string" ? target : this.workspacePackage(target);
  }

  private workspacePackage(target: Workspace): string {
    if (target.packageId === undefined) {
      const { builder } = this.context;
      const input = {
        name: target.name ?? installedName(target.folder),
        version: stringField(target.entry, "version"),
        source: { kind: "workspace" as const, url: target.folder },
        license: licenseOf(target.entry),
      };
      target.packageId = builder.addPackage(input);
      for (const key of target.links) {
        builder.addPackage({ ...input, alias: installedName(key), location: { key } });
      }
      this.workspaceQueue.push(target);
    }
    return target.packageId;
  }
}

/** The key of what `require(name)` finds along a search path. */
function find(searchPath: ReadonlyArray<Map<string, string>>, name: string): string | undefined {
  for (const names of searchPath) {
    const key = names.get(name);
    if (key !== undefined) return key;
  }
  return undefined;
}

const NO_PATH: ReadonlyArray<Map<string, string>> = [];

function workspacePatterns(value: unknown): string[] {
  // npm takes an array; yarn's `{ packages: [...] }` form shows up in projects that use both.
  const list = isObject(value) ? value.packages : value;
  return Array.isArray(list) ? list.filter((p): p is string => typeof p === "string") : [];
}

function stringField(entry: JsonObject, field: string): string | undefined {
  const value = entry[field];
  return typeof value === "string" && value !== "" ? value : undefined;
}
