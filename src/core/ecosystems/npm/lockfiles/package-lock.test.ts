import { describe, expect, it } from "vitest";
import { LOCKFILE_FIXTURES, type LockfileFixture } from "../../../../test-support/fixtures.js";
import { parseFixture, readFixture } from "../../../../test-support/parse-fixture.js";
import { isLockkeeperError, type LockkeeperError } from "../../../errors.js";
import { jsonErrorOffset, lineAt } from "../../../files/json-text.js";
import { MemoryFiles } from "../../../files/project-files.js";
import type { Edge, PackageNode, Scope, Snapshot } from "../../../model/types.js";
import { packageLockParser } from "./package-lock.js";

const [V1, V2, CLI, WAREHOUSE] = LOCKFILE_FIXTURES["package-lock"] as [
  LockfileFixture,
  LockfileFixture,
  LockfileFixture,
  LockfileFixture,
];
const v1 = parseFixture(packageLockParser, V1);
const v2 = parseFixture(packageLockParser, V2);
const cli = parseFixture(packageLockParser, CLI);
const warehouse = parseFixture(packageLockParser, WAREHOUSE);

function pkg(snapshot: Snapshot, id: string): PackageNode {
  const found = snapshot.packages.find((p) => p.id === id);
  if (!found) throw new Error(`${id} not in snapshot`);
  return found;
}

function edgesFrom(snapshot: Snapshot, from: string): Edge[] {
  return snapshot.edges.filter((e) => e.from === from);
}

function parseText(
  content: string,
  files: Record<string, string> = {},
  path = "package-lock.json",
): Snapshot {
  return packageLockParser.parse({ path, content, files: new MemoryFiles(files) });
}

function parseFailure(content: string, path = "app/package-lock.json"): LockkeeperError {
  try {
    parseText(content, {}, path);
  } catch (error: unknown) {
    if (isLockkeeperError(error)) return error;
    throw error;
  }
  throw new Error("expected a parse error");
}

describe("package-lock: file names and versions", () => {
  it.each([
    ["package-lock.json", true],
    ["npm-shrinkwrap.json", true],
    ["package.json", false],
    ["yarn.lock", false],
    ["package-lock.json.bak", false],
  ])("matchesFileName(%s) = %s", (name, expected) => {
    expect(packageLockParser.matchesFileName(name)).toBe(expected);
  });

  it.each([
    ["nodegoat-v1", v1, "1"],
    ["nodegoat-v2", v2, "2"],
    ["npm-cli", cli, "3"],
    ["warehouse", warehouse, "3"],
  ])("%s: formatVersion, and the manifest beside it", (_name, snapshot, version) => {
    expect(snapshot.lockfile.formatVersion).toBe(version);
    expect(snapshot.lockfile.manifests).toEqual(["package.json"]);
    // Each fixture's package.json is from the lockfile's commit: the lock is up to date with it.
    expect(snapshot.coverage.warnings.filter((w) => w.startsWith("out of date"))).toEqual([]);
  });
});

describe("package-lock: counts (checked with python on the raw files)", () => {
  // entries: v1 = every object in the nested dependencies tree; v2/v3 = keys of `packages` minus
  // the root, workspace folders and links. packages: distinct (name or key name)@version, plus
  // one package per workspace something depends on.
  it.each([
    ["nodegoat-v1", v1, 1476, 1089, 1],
    ["nodegoat-v2", v2, 1479, 1091, 1],
    ["npm-cli", cli, 1241, 1020 + 15, 17],
    ["warehouse", warehouse, 1064, 999, 1],
  ])("%s", (_name, snapshot, entries, packages, roots) => {
    expect(snapshot.coverage).toMatchObject({ entries, parsed: entries, skipped: [] });
    expect(snapshot.coverage.warnings).toEqual([]);
    expect(snapshot.packages).toHaveLength(packages);
    expect(snapshot.roots).toHaveLength(roots);
  });
});

describe("package-lock v2/v3 packages", () => {
  it("reads name, version, source, hashes and licence of an entry", () => {
    // node_modules/express, integrity decoded with python's base64 module.
    expect(pkg(v2, "npm:express@4.16.4")).toMatchObject({
      purl: "pkg:npm/express@4.16.4",
      source: { kind: "registry", url: "https://registry.npmjs.org/express/-/express-4.16.4.tgz" },
      hashes: [
        {
          algorithm: "sha512",
          value:
            "8f5d94bb26f814caddfea4009bab821c090fb4ef050d34496410dde43d8a38bd9e2dacf5c9435d501fcd388caad22538ab87056abb140ab9c50cf05c9e4b2e3a",
        },
      ],
      locations: [{ key: "node_modules/express" }],
      scope: "prod",
      direct: true,
    });
    expect(pkg(cli, "npm:semver@7.6.3").license).toBe("ISC");
  });

  it("keeps a tarball that is not from a registry as a url source", () => {
    expect(pkg(v2, "npm:grunt-if@0.2.0")).toMatchObject({
      source: { kind: "url", url: "https://github.com/binarymist/grunt-if/tarball/master" },
      purl: "pkg:npm/grunt-if@0.2.0?download_url=https://github.com/binarymist/grunt-if/tarball/master",
      scope: "dev",
      direct: true,
    });
  });

  it("reads an npm: alias as the real package with the installed name as alias", () => {
    const stringWidth = pkg(cli, "npm:string-width@4.2.3");
    expect(stringWidth.aliases).toEqual(["string-width-cjs"]);
    expect(stringWidth.locations.map((l) => l.key)).toEqual([
      "node_modules/string-width",
      "node_modules/string-width-cjs",
      "node_modules/tap/node_modules/string-width",
    ]);
    expect(cli.packages.some((p) => p.name === "string-width-cjs")).toBe(false);
  });

  it("keeps nested copies at other versions apart and merges equal ones", () => {
    const semver = cli.packages.filter((p) => p.name === "semver").map((p) => p.version);
    expect(semver).toEqual(["5.7.2", "6.3.1", "7.6.3"]);
    expect(pkg(cli, "npm:semver@6.3.1").locations).toHaveLength(7);
    expect(pkg(cli, "npm:semver@5.7.2").locations).toEqual([
      { key: "node_modules/read-pkg/node_modules/semver" },
    ]);
  });

  it("resolves a dependency to the nearest node_modules, as node does", () => {
    // node_modules/read-pkg/node_modules/normalize-package-data needs semver: not in its own
    // node_modules, found one level up in read-pkg's (5.7.2), not the hoisted 7.6.3.
    const semverEdges = edgesFrom(cli, "npm:normalize-package-data@2.5.0").filter((e) =>
      e.to.startsWith("npm:semver@"),
    );
    expect(semverEdges).toEqual([
      {
        from: "npm:normalize-package-data@2.5.0",
        to: "npm:semver@5.7.2",
        kind: "prod",
        range: "2 || 3 || 4 || 5",
      },
    ]);
    expect(edgesFrom(cli, "root:.").find((e) => e.to.startsWith("npm:semver@"))).toEqual({
      from: "root:.",
      to: "npm:semver@7.6.3",
      kind: "prod",
      range: "^7.6.3",
    });
  });

  it("includes bundled dependencies as transitive dependencies of their bundler", () => {
    // fsevents bundles node-pre-gyp 0.12.0 in node_modules/fsevents/node_modules.
    const bundled = pkg(v2, "npm:node-pre-gyp@0.12.0");
    expect(bundled.locations).toEqual([{ key: "node_modules/fsevents/node_modules/node-pre-gyp" }]);
    expect(bundled.direct).toBe(false);
    expect(edgesFrom(v2, "npm:fsevents@1.2.9")).toContainEqual({
      from: "npm:fsevents@1.2.9",
      to: "npm:node-pre-gyp@0.12.0",
      kind: "prod",
      range: "^0.12.0",
    });
  });

  it("marks optionalDependencies edges optional and tolerates missing optional peers", () => {
    const chokidar = v2.edges.filter((e) => e.to === "npm:fsevents@1.2.9");
    expect(chokidar.map((e) => e.kind)).toEqual(["optional", "optional"]);
    // css-loader declares an optional peer @rspack/core that is not installed: no edge, no warning.
    const cssLoader = warehouse.packages.find((p) => p.name === "css-loader") as PackageNode;
    expect(edgesFrom(warehouse, cssLoader.id).some((e) => e.to.includes("@rspack/core"))).toBe(false);
    expect(warehouse.coverage.warnings).toEqual([]);
  });

  it("records peer edges with their range", () => {
    const bootstrap = "npm:bootstrap@5.3.8";
    expect(edgesFrom(warehouse, bootstrap)).toContainEqual({
      from: bootstrap,
      to: "npm:@popperjs/core@2.11.8",
      kind: "peer",
      range: "^2.11.8",
    });
  });
});

describe("package-lock v3 workspaces (npm cli)", () => {
  it("has the project and each workspace folder as roots", () => {
    expect(cli.roots.map((r) => r.path)).toEqual([
      ".",
      "docs",
      "mock-globals",
      "mock-registry",
      "smoke-tests",
      "workspaces/arborist",
      "workspaces/config",
      "workspaces/libnpmaccess",
      "workspaces/libnpmdiff",
      "workspaces/libnpmexec",
      "workspaces/libnpmfund",
      "workspaces/libnpmorg",
      "workspaces/libnpmpack",
      "workspaces/libnpmpublish",
      "workspaces/libnpmsearch",
      "workspaces/libnpmteam",
      "workspaces/libnpmversion",
    ]);
    expect(cli.roots[0]).toEqual({ id: "root:.", path: ".", name: "npm", version: "10.9.0" });
    // libnpmfund's folder entry has no name: it comes from its link node_modules/libnpmfund.
    expect(cli.roots.find((r) => r.path === "workspaces/libnpmfund")).toEqual({
      id: "root:workspaces/libnpmfund",
      path: "workspaces/libnpmfund",
      name: "libnpmfund",
      version: "6.0.0",
    });
  });

  it("gives each workspace its own direct dependencies", () => {
    expect(edgesFrom(cli, "root:workspaces/libnpmfund")).toEqual([
      { from: "root:workspaces/libnpmfund", to: "npm:@npmcli/arborist@8.0.0", kind: "prod", range: "^8.0.0" },
      {
        from: "root:workspaces/libnpmfund",
        to: "npm:@npmcli/eslint-config@5.0.1",
        kind: "dev",
        range: "^5.0.1",
      },
      {
        from: "root:workspaces/libnpmfund",
        to: "npm:@npmcli/template-oss@4.23.3",
        kind: "dev",
        range: "4.23.3",
      },
      { from: "root:workspaces/libnpmfund", to: "npm:tap@16.3.10", kind: "dev", range: "^16.3.8" },
    ]);
    // The root's package entry declares 67 dependencies and 20 devDependencies (jq on the file).
    const rootEdges = edgesFrom(cli, "root:.");
    expect(rootEdges.filter((e) => e.kind === "prod")).toHaveLength(67);
    expect(rootEdges.filter((e) => e.kind === "dev")).toHaveLength(20);
  });

  it("makes a workspace that is depended on a workspace package, linked by its node_modules entry", () => {
    expect(pkg(cli, "npm:@npmcli/arborist@8.0.0")).toMatchObject({
      source: { kind: "workspace", url: "workspaces/arborist" },
      locations: [{ key: "node_modules/@npmcli/arborist" }],
      license: "ISC",
      scope: "prod",
      direct: true,
    });
    // Its package edges mirror its root's non-dev edges, so paths through it stay connected.
    const asPackage = edgesFrom(cli, "npm:@npmcli/arborist@8.0.0").map((e) => e.to);
    const asRoot = edgesFrom(cli, "root:workspaces/arborist").filter((e) => e.kind !== "dev");
    expect(asPackage).toEqual(asRoot.map((e) => e.to));
    // smoke-tests is a workspace nobody depends on: a root only.
    expect(cli.packages.some((p) => p.name === "@npmcli/smoke-tests")).toBe(false);
    expect(cli.packages.filter((p) => p.source.kind === "workspace")).toHaveLength(15);
  });
});

describe("package-lock v1", () => {
  it("takes the project's declared dependencies from package.json", () => {
    const rootEdges = edgesFrom(v1, "root:.");
    // package.json: 16 dependencies, 20 devDependencies.
    expect(rootEdges.filter((e) => e.kind === "prod")).toHaveLength(16);
    expect(rootEdges.filter((e) => e.kind === "dev")).toHaveLength(20);
    expect(rootEdges.find((e) => e.to.startsWith("npm:marked@"))).toEqual({
      from: "root:.",
      to: "npm:marked@0.3.9",
      kind: "prod",
      range: "0.3.9",
    });
  });

  it("reads a tarball URL in `version` as a url source without a version", () => {
    expect(pkg(v1, "npm:grunt-if@https://github.com/binarymist/grunt-if/tarball/master")).toMatchObject({
      source: { kind: "url", url: "https://github.com/binarymist/grunt-if/tarball/master" },
      purl: "pkg:npm/grunt-if?download_url=https://github.com/binarymist/grunt-if/tarball/master",
      direct: true,
      scope: "dev",
    });
  });

  it("resolves requires by walking up the nesting and keeps bundled packages", () => {
    expect(pkg(v1, "npm:node-pre-gyp@0.12.0").locations).toEqual([
      { key: "node_modules/fsevents/node_modules/node-pre-gyp" },
    ]);
    expect(edgesFrom(v1, "npm:fsevents@1.2.9").map((e) => e.to)).toEqual([
      "npm:nan@2.14.0",
      "npm:node-pre-gyp@0.12.0",
    ]);
    // fsevents is flagged optional, chokidar is not: the edge between them can only be optional.
    expect(v1.edges.filter((e) => e.to === "npm:fsevents@1.2.9").map((e) => e.kind)).toEqual([
      "optional",
      "optional",
    ]);
  });

  it("falls back to the top level of the lockfile without package.json, and says so", () => {
    const { content } = readFixture(V1);
    const snapshot = parseText(content);
    expect(snapshot.lockfile.manifests).toEqual([]);
    expect(snapshot.coverage.warnings).toEqual([
      "package.json not found: direct dependencies guessed from the top level of the lockfile",
    ]);
    // 658 top-level entries (python), all distinct names.
    expect(snapshot.packages.filter((p) => p.direct)).toHaveLength(658);
    expect(
      edgesFrom(snapshot, "root:.").find(
        (e) => e.to === "npm:grunt-if@https://github.com/binarymist/grunt-if/tarball/master",
      )?.kind,
    ).toBe("dev");
  });

  it("falls back the same way when package.json is not JSON", () => {
    const lock = { lockfileVersion: 1, dependencies: { a: { version: "1.0.0", dev: true } } };
    const snapshot = parseText(
      JSON.stringify(lock),
      { "app/package.json": "{ nope" },
      "app/package-lock.json",
    );
    expect(snapshot.lockfile.manifests).toEqual([]);
    expect(snapshot.coverage.warnings).toEqual([
      "app/package.json is not a JSON object: direct dependencies guessed from the top level of the lockfile",
    ]);
    expect(snapshot.edges).toEqual([{ from: "root:.", to: "npm:a@1.0.0", kind: "dev" }]);
  });

  it("reads a manifest beside a lockfile in a subfolder, and tolerates a byte-order mark", () => {
    const lock = { lockfileVersion: 1, dependencies: { a: { version: "1.0.0" } } };
    const snapshot = parseText(
      `\ufeff${JSON.stringify(lock)}`,
      {
        "app/package.json": JSON.stringify({ dependencies: { a: "^1.0.0" } }),
      },
      "app/package-lock.json",
    );
    expect(snapshot.lockfile.manifests).toEqual(["app/package.json"]);
    expect(snapshot.edges).toEqual([{ from: "root:.", to: "npm:a@1.0.0", kind: "prod", range: "^1.0.0" }]);
  });

  it("reads aliases, git, file and nested requires from a small v1 lockfile", () => {
    const lock = {
      name: "demo",
      version: "1.0.0",
      lockfileVersion: 1,
      dependencies: {
        a: { version: "1.0.0", requires: { b: "^2.0.0" }, dependencies: { b: { version: "2.0.0" } } },
        b: { version: "1.0.0" },
        c: { version: "1.0.0", requires: { b: "^1.0.0", sw: "^4.0.0" } },
        sw: { version: "npm:string-width@4.2.3", integrity: "sha1-3q2+7w==" },
        g: { version: "git+https://github.com/u/g.git#0123456789abcdef0123456789abcdef01234567", dev: true },
        local: { version: "file:../local" },
      },
    };
    const manifest = {
      dependencies: { a: "^1.0.0", c: "^1.0.0", sw: "npm:string-width@^4", local: "file:../local" },
      devDependencies: { g: "github:u/g" },
    };
    const snapshot = parseText(JSON.stringify(lock, null, 2), { "package.json": JSON.stringify(manifest) });
    expect(snapshot.roots).toEqual([{ id: "root:.", path: ".", name: "demo", version: "1.0.0" }]);
    expect(edgesFrom(snapshot, "npm:a@1.0.0")).toEqual([
      { from: "npm:a@1.0.0", to: "npm:b@2.0.0", kind: "prod", range: "^2.0.0" },
    ]);
    expect(edgesFrom(snapshot, "npm:c@1.0.0").map((e) => e.to)).toEqual([
      "npm:b@1.0.0",
      "npm:string-width@4.2.3",
    ]);
    expect(pkg(snapshot, "npm:string-width@4.2.3")).toMatchObject({
      aliases: ["sw"],
      hashes: [{ algorithm: "sha1", value: "deadbeef" }],
      direct: true,
    });
    expect(pkg(snapshot, "npm:g@0123456789abcdef0123456789abcdef01234567")).toMatchObject({
      source: { kind: "git", url: "git+https://github.com/u/g.git#0123456789abcdef0123456789abcdef01234567" },
      // v1 records the commit where the version goes: it is not a registry version of `g`.
      purl: "pkg:npm/g?vcs_url=git%2Bhttps://github.com/u/g.git%230123456789abcdef0123456789abcdef01234567",
      scope: "dev",
    });
    expect(pkg(snapshot, "npm:local@../local")).toMatchObject({
      source: { kind: "file", url: "../local" },
      direct: true,
    });
    expect(snapshot.coverage).toMatchObject({ entries: 7, parsed: 7 });
  });
});

describe("package-lock v2/v3 layouts beyond the fixtures", () => {
  const lock = {
    name: "mono",
    lockfileVersion: 3,
    packages: {
      "": {
        name: "mono",
        workspaces: ["packages/*"],
        dependencies: { shared: "file:../shared", "my-shared": "file:../shared", gone: "file:../gone" },
        devDependencies: { app: "*" },
      },
      "packages/app": {
        name: "app",
        version: "0.1.0",
        dependencies: { x: "^1.0.0", missing: "^1.0.0" },
        peerDependencies: { opt: "*" },
        peerDependenciesMeta: { opt: { optional: true } },
      },
      "packages/app/node_modules/x": {
        version: "1.5.0",
        resolved: "https://registry.npmjs.org/x/-/x-1.5.0.tgz",
      },
      "../shared": { name: "shared", version: "2.0.0", dependencies: { x: "^1.0.0" } },
      "node_modules/app": { resolved: "packages/app", link: true },
      "node_modules/shared": { resolved: "../shared", link: true },
      "node_modules/my-shared": { resolved: "../shared", link: true },
      "node_modules/gone": { resolved: "../gone", link: true },
      "node_modules/x": { version: "1.0.0", resolved: "git+ssh://git@github.com/u/x.git#abcdef" },
      "node_modules/bad": "not an object",
      "node_modules/noversion": { resolved: "https://registry.npmjs.org/noversion/-/noversion-1.0.0.tgz" },
    },
  };
  const snapshot = parseText(JSON.stringify(lock, null, 2));

  it("finds workspaces by the root's globs and resolves from the workspace's own node_modules", () => {
    expect(snapshot.roots.map((r) => r.id)).toEqual(["root:.", "root:packages/app"]);
    expect(edgesFrom(snapshot, "root:packages/app")).toEqual([
      { from: "root:packages/app", to: "npm:x@1.5.0", kind: "prod", range: "^1.0.0" },
    ]);
    expect(pkg(snapshot, "npm:app@0.1.0")).toMatchObject({
      source: { kind: "workspace", url: "packages/app" },
      scope: "dev",
    });
  });

  it("follows links to file: folders, and keeps a dangling link as a link package", () => {
    expect(pkg(snapshot, "npm:shared@2.0.0")).toMatchObject({
      source: { kind: "file", url: "../shared" },
      direct: true,
      aliases: ["my-shared"],
      locations: [{ key: "../shared" }, { key: "node_modules/shared" }, { key: "node_modules/my-shared" }],
    });
    // ../shared has no node_modules of its own: it gets the project's x.
    expect(edgesFrom(snapshot, "npm:shared@2.0.0").map((e) => e.to)).toEqual(["npm:x@1.0.0"]);
    expect(pkg(snapshot, "npm:gone@../gone")).toMatchObject({
      source: { kind: "link", url: "../gone" },
      direct: true,
    });
    expect(pkg(snapshot, "npm:x@1.0.0").source).toEqual({
      kind: "git",
      url: "git+ssh://git@github.com/u/x.git#abcdef",
    });
    // Its own version, and where it really comes from.
    expect(pkg(snapshot, "npm:x@1.0.0").purl).toBe(
      "pkg:npm/x@1.0.0?vcs_url=git%2Bssh://git%40github.com/u/x.git%23abcdef",
    );
  });

  it("skips malformed entries with a reason and line, and warns about required dependencies that are missing", () => {
    const text = JSON.stringify(lock, null, 2).split("\n");
    const lineOf = (key: string) => text.findIndex((l) => l.includes(`"${key}":`)) + 1;
    expect(snapshot.coverage.skipped).toEqual([
      { entry: "node_modules/bad", reason: "entry is not an object", line: lineOf("node_modules/bad") },
      {
        entry: "node_modules/noversion",
        reason: "entry has no version",
        line: lineOf("node_modules/noversion"),
      },
    ]);
    // entries: x (2 copies), ../shared, gone (dangling link), bad, noversion.
    expect(snapshot.coverage).toMatchObject({ entries: 6, parsed: 4 });
    // `missing` is required but absent; the optional peer `opt` is not worth a warning.
    expect(snapshot.coverage.warnings).toEqual([
      "1 declared dependency is not in the lockfile (packages/app → missing)",
    ]);
  });
});

/**
 * The scope proof: npm writes its own reachability flags into the lockfile; the builder computes
 * scopes from the graph this parser builds. They must agree.
 *
 * Flags → scope: `dev` (alone or with `optional`) → dev, `optional` → optional, `devOptional` →
 * dev or optional, none → prod. npm's `peer` flag is ignored on purpose: npm sets it on packages
 * reached only through peer edges, but Lockkeeper's scopes count peer edges between packages as
 * ordinary dependencies (npm ≥ 7 installs them), so a `peer` package of a prod package is prod
 * (warehouse has 4: bootstrap, @popperjs/core, tempusdominus-core and its moment) and one of a dev
 * package is dev (npm cli's `dev`+`peer` entries); both checked below.
 */
describe("package-lock: computed scopes agree with npm's flags", () => {
  type Flags = Record<string, unknown>;
  const RANK: Record<Scope, number> = { prod: 0, optional: 1, peer: 2, dev: 3 };

  function allowed(flags: Flags): Scope[] {
    if (flags.dev === true) return ["dev"];
    if (flags.optional === true) return ["optional"];
    if (flags.devOptional === true) return ["optional", "dev"];
    return ["prod"];
  }

  /** Every entry of the raw lockfile by install path, read without the parser. */
  function flagsByKey(fixture: LockfileFixture): Map<string, Flags> {
    const lock = JSON.parse(readFixture(fixture).content) as {
      packages?: Record<string, Flags>;
      dependencies?: Record<string, Flags>;
    };
    const result = new Map<string, Flags>();
    if (lock.packages) {
      for (const [key, flags] of Object.entries(lock.packages)) result.set(key, flags);
      return result;
    }
    const walk = (deps: Record<string, Flags>, prefix: string): void => {
      for (const [name, flags] of Object.entries(deps)) {
        result.set(`${prefix}node_modules/${name}`, flags);
        if (flags.dependencies)
          walk(flags.dependencies as Record<string, Flags>, `${prefix}node_modules/${name}/`);
      }
    };
    walk(lock.dependencies ?? {}, "");
    return result;
  }

  /** Packages whose computed scope is not what the flags of their strongest location say. */
  function disagreements(snapshot: Snapshot, flags: Map<string, Flags>): string[] {
    const result: string[] = [];
    for (const p of snapshot.packages) {
      if (p.source.kind === "workspace") continue; // npm reaches workspaces through workspace edges, never flagged
      const options = p.locations.map((l) => allowed(flags.get(l.key as string) ?? {}));
      const best = Math.min(...options.map((o) => RANK[o[0] as Scope]));
      const ok = options.some((o) => RANK[o[0] as Scope] === best && o.includes(p.scope));
      if (!ok) result.push(p.id);
    }
    return result;
  }

  // One package per name@version merges copies installed in different places: in nodegoat, npm and
  // nyc (dev only) carry copies of cliui, wrap-ansi… whose name@version is also installed under a
  // prod parent, and their children resolve from each copy's own place. Scopes are computed per
  // install path, so the dev copies' children (ansi-regex@2.0.0, string-width@1.0.1 …) stay dev.
  it.each([
    ["nodegoat-v1", V1, v1],
    ["nodegoat-v2", V2, v2],
    ["npm-cli", CLI, cli],
    ["warehouse", WAREHOUSE, warehouse],
  ])("%s", (_name, fixture, snapshot) => {
    expect(disagreements(snapshot, flagsByKey(fixture))).toEqual([]);
  });

  it("keeps the dev copies' children dev while the merged parent is prod (nodegoat)", () => {
    const flags = flagsByKey(V2);
    const child = pkg(v2, "npm:string-width@1.0.1");
    expect(child.scope).toBe("dev");
    const parent = pkg(v2, "npm:cliui@3.2.0");
    expect(parent.scope).toBe("prod");
    expect(parent.locations.map((l) => flags.get(l.key as string)?.dev === true).sort()).toEqual([
      false,
      true,
    ]);
    expect(v2.edges.some((e) => e.from === parent.id && e.to === child.id)).toBe(true);
  });

  it("keeps the licence a copy declares when another copy of the package does not (nodegoat)", () => {
    // node_modules/fsevents/node_modules/abbrev says ISC; node_modules/abbrev says nothing.
    expect(pkg(v2, "npm:abbrev@1.1.1").license).toBe("ISC");
    const lock = JSON.parse(readFixture(V2).content) as { packages: Record<string, { license?: unknown }> };
    const declared = new Set<string>();
    for (const p of v2.packages)
      if (p.locations.some((l) => typeof lock.packages[l.key as string]?.license === "string"))
        declared.add(p.id);
    expect(v2.packages.filter((p) => declared.has(p.id) && p.license === undefined).map((p) => p.id)).toEqual(
      [],
    );
  });

  it("computes scopes for npm's `peer`-flagged packages as the comment above says", () => {
    const peerScopes = (fixture: LockfileFixture, snapshot: Snapshot): Record<string, number> => {
      const flags = flagsByKey(fixture);
      const counts: Record<string, number> = {};
      for (const p of snapshot.packages) {
        for (const { key } of p.locations) {
          if (flags.get(key as string)?.peer !== true) continue;
          counts[p.scope] = (counts[p.scope] ?? 0) + 1;
        }
      }
      return counts;
    };
    expect(peerScopes(WAREHOUSE, warehouse)).toEqual({ prod: 4 });
    // 163 of npm cli's 164 `dev`+`peer` locations are dev; the other is a copy of ansi-styles@4.3.0,
    // a package that also sits under a prod parent (node_modules/wrap-ansi-cjs/node_modules).
    expect(peerScopes(CLI, cli)).toEqual({ dev: 163, prod: 1 });
  });
});

describe("package-lock: bad input", () => {
  it.each([
    ["trailing comma", '{\n  "lockfileVersion": 3,\n  "packages": {\n    "": {},\n  }\n}', 5],
    ["garbage token", '{\n  "lockfileVersion": 3,\n  "packages": tru\n}', 3],
    ["end of input", '{\n  "lockfileVersion": 3,\n  "packages": {\n', 4],
    ["binary garbage", "\u0000\u0001garbage{{{", 1],
  ])("reports invalid JSON (%s) with the line", (_case, content, line) => {
    const error = parseFailure(content);
    expect(error).toMatchObject({ code: "PARSE", file: "app/package-lock.json", line });
    expect(error.message).toMatch(/^invalid JSON/);
  });

  it("reports a truncated real lockfile at its last line", () => {
    const { content } = readFixture(CLI);
    const truncated = content.slice(0, Math.floor(content.length * 0.61));
    const error = parseFailure(truncated);
    expect(error.line).toBe(truncated.split("\n").length);
  });

  it.each([
    ["an array", "[1, 2, 3]"],
    ["an unrelated JSON object", '{ "name": "x", "version": "1.0.0" }'],
    ["a string", '"package-lock"'],
  ])("says %s is not a package-lock", (_case, content) => {
    const error = parseFailure(content);
    expect(error).toMatchObject({ code: "PARSE", file: "app/package-lock.json" });
    expect(error.message).toMatch(/not a package-lock/);
  });

  it("rejects a packages field that is not an object", () => {
    expect(parseFailure('{ "lockfileVersion": 3, "packages": [] }').message).toMatch(
      /`packages` is not an object/,
    );
  });

  it("reads a lockfile of a project without dependencies", () => {
    const snapshot = parseText(
      '{ "name": "empty", "lockfileVersion": 3, "packages": { "": { "name": "empty" } } }',
    );
    expect(snapshot.roots).toEqual([{ id: "root:.", path: ".", name: "empty" }]);
    expect(snapshot.packages).toEqual([]);
    expect(snapshot.coverage).toMatchObject({ entries: 0, parsed: 0 });
  });

  it.each([
    ['{"a": 1,}', 8],
    ["[1, 2", 5],
    ['{"a": "b\\x"}', 9],
    ["{} x", 3],
  ])("jsonErrorOffset(%j) = %i", (text, offset) => {
    expect(jsonErrorOffset(text)).toBe(offset);
    expect(lineAt(`a\nb\n${text}`, 4 + offset)).toBe(3);
  });
});

describe("package-lock against its package.json", () => {
  const lock = {
    name: "app",
    lockfileVersion: 3,
    packages: {
      "": { name: "app", dependencies: { a: "^1.0.0", gone: "^1.0.0" }, devDependencies: { p: "1.x" } },
      "node_modules/a": { version: "1.0.0", dependencies: { c: "^1.0.0" } },
      "node_modules/gone": { version: "1.0.0" },
      "node_modules/p": { version: "1.0.0", dev: true, dependencies: { c: "^1.0.0", d: "^1.0.0" } },
      "node_modules/c": { version: "3.0.0" },
      "node_modules/d": { version: "1.0.0", dev: true },
    },
  };
  const parse = (manifest: object) =>
    parseText(JSON.stringify(lock), { "package.json": JSON.stringify(manifest) });

  it("takes ranges from the manifest and names every difference once", () => {
    const snapshot = parse({
      dependencies: { a: "~1.0.0", added: "^2.0.0" },
      devDependencies: { p: "1.x" },
    });
    expect(edgesFrom(snapshot, "root:.").map((e) => [e.to, e.range])).toEqual([
      ["npm:a@1.0.0", "~1.0.0"],
      ["npm:gone@1.0.0", "^1.0.0"],
      ["npm:p@1.0.0", "1.x"],
    ]);
    expect(snapshot.coverage.warnings).toEqual([
      "out of date with package.json (npm install updates it): a is ~1.0.0 there, ^1.0.0 in the lock; gone (prod) is no longer in it; added ^2.0.0 (prod) is not in the lock",
    ]);
    expect(snapshot.lockfile.manifests).toEqual(["package.json"]);
  });

  it("says so when package.json cannot be read, and keeps the lockfile's ranges", () => {
    const snapshot = parseText(JSON.stringify(lock), { "package.json": "{ not json" });
    expect(snapshot.coverage.warnings).toEqual([
      "package.json is not a JSON object: the lockfile's own ranges are used",
    ]);
    expect(edgesFrom(snapshot, "root:.").map((e) => e.range)).toEqual(["^1.0.0", "^1.0.0", "1.x"]);
  });

  it("gives overridden dependencies the override's spec: everywhere, under one parent, and $references", () => {
    const snapshot = parse({
      dependencies: { a: "^1.0.0", gone: "^1.0.0" },
      devDependencies: { p: "1.x" },
      overrides: { c: "3.0.0", p: { d: "$p" }, "d@1": "9.9.9" },
    });
    expect(snapshot.coverage.warnings).toEqual([]);
    expect(
      snapshot.edges.filter((e) => !e.from.startsWith("root:")).map((e) => [e.from, e.to, e.range]),
    ).toEqual([
      ["npm:a@1.0.0", "npm:c@3.0.0", "3.0.0"],
      ["npm:p@1.0.0", "npm:c@3.0.0", "3.0.0"],
      ["npm:p@1.0.0", "npm:d@1.0.0", "1.x"],
    ]);
  });
});
