/** Roots and scopes from workspace manifests, through the whole parser on in-memory projects. */
import { describe, expect, it } from "vitest";
import { MemoryFiles } from "../../../../files/project-files.js";
import type { Snapshot } from "../../../../model/types.js";
import { yarnLockParser } from "../yarn-lock.js";

function parse(path: string, lock: string, files: Record<string, unknown>): Snapshot {
  const texts = Object.fromEntries(
    Object.entries(files).map(([p, v]) => [p, typeof v === "string" ? v : JSON.stringify(v)]),
  );
  return yarnLockParser.parse({ path, content: lock, files: new MemoryFiles(texts) });
}

function scopes(snapshot: Snapshot): Record<string, string> {
  return Object.fromEntries(snapshot.packages.map((p) => [p.name, `${p.scope}${p.direct ? " direct" : ""}`]));
}

const classicEntry = (name: string, range: string, version: string, deps = "") =>
  `${name}@${range}:\n  version "${version}"\n  resolved "https://registry.yarnpkg.com/${name}/-/${name}-${version}.tgz"\n${deps}\n`;

const CLASSIC_LOCK = [
  "# yarn lockfile v1\n\n",
  classicEntry("left-pad", "^1.3.0", "1.3.0"),
  classicEntry("ms", "^2", "2.1.3"),
  classicEntry("typescript", "^5", "5.4.0"),
  classicEntry("chalk", "^4", "4.1.2"),
  classicEntry("jest", "^29", "29.7.0", '  dependencies:\n    ms "^2"\n'),
].join("");

describe("classic workspaces", () => {
  const snapshot = parse("repo/yarn.lock", CLASSIC_LOCK, {
    "repo/package.json": {
      name: "mono",
      workspaces: { packages: ["packages/*", "./tools/cli", "apps/**"] },
      devDependencies: { app: "1.0.0", jest: "^29" },
    },
    "repo/packages/app/package.json": {
      name: "app",
      version: "1.0.0",
      dependencies: { lib: "^1.0.0", "left-pad": "^1.3.0" },
    },
    "repo/packages/lib/package.json": {
      name: "lib",
      dependencies: { ms: "^2" },
      devDependencies: { typescript: "^5" },
    },
    "repo/packages/unmentioned/package.json": { name: "unmentioned", dependencies: { chalk: "^4" } },
    "repo/tools/cli/package.json": { name: "cli", dependencies: { chalk: "^4" } },
  });

  it("finds literal workspaces and `dir/*` members whose names manifests mention", () => {
    expect(snapshot.roots.map((r) => [r.path, r.name])).toEqual([
      [".", "mono"],
      ["packages/app", "app"],
      ["packages/lib", "lib"],
      ["tools/cli", "cli"],
    ]);
    expect(snapshot.lockfile.manifests).toEqual([
      "repo/package.json",
      "repo/tools/cli/package.json",
      "repo/packages/app/package.json",
      "repo/packages/lib/package.json",
    ]);
  });

  it("derives scopes from each workspace's groups", () => {
    expect(scopes(snapshot)).toEqual({
      "left-pad": "prod direct",
      ms: "prod direct",
      chalk: "prod direct",
      typescript: "dev direct",
      jest: "dev direct",
    });
  });

  it("warns that globs could not be listed, and not about workspace dependencies", () => {
    expect(snapshot.coverage.warnings).toEqual([
      'workspace pattern "apps/**" could not be listed (directories cannot be read here)',
      'workspace pattern(s) "packages/*" could not be listed: yarn.lock v1 does not record workspaces, so only ' +
        "members whose names other manifests or entries mention were found",
    ]);
  });
});

describe("classic without package.json", () => {
  const snapshot = parse("yarn.lock", CLASSIC_LOCK, {});

  it("marks every package prod, the ones nothing depends on direct, and says why", () => {
    expect(snapshot.roots).toEqual([{ id: "root:.", path: "." }]);
    expect(scopes(snapshot)).toEqual({
      "left-pad": "prod direct",
      ms: "prod",
      chalk: "prod direct",
      typescript: "prod direct",
      jest: "prod direct",
    });
    expect(snapshot.coverage.warnings).toEqual([
      "package.json is missing or unreadable: scopes could not be derived (yarn.lock has no dev flags), every package is marked prod",
    ]);
  });
});

const BERRY_LOCK = `__metadata:
  version: 8
  cacheKey: 10c0

"a@workspace:*, a@workspace:packages/a":
  version: 0.0.0-use.local
  resolution: "a@workspace:packages/a"
  dependencies:
    x: "npm:^1.0.0"
    y: "npm:^1.0.0"
  peerDependencies:
    react: "*"
    y: "*"
  languageName: unknown
  linkType: soft

"mono@workspace:.":
  version: 0.0.0-use.local
  resolution: "mono@workspace:."
  dependencies:
    a: "workspace:*"
    z: "npm:^1.0.0"
  languageName: unknown
  linkType: soft

"x@npm:^1.0.0":
  version: 1.0.0
  resolution: "x@npm:1.0.0"

"y@npm:^1.0.0":
  version: 1.1.0
  resolution: "y@npm:1.1.0"

"z@npm:^1.0.0":
  version: 1.2.0
  resolution: "z@npm:1.2.0"
  dependencies:
    a: "workspace:*"
`;

describe("berry workspaces with manifests", () => {
  const snapshot = parse("yarn.lock", BERRY_LOCK, {
    "package.json": {
      name: "mono",
      workspaces: ["packages/*"],
      devDependencies: { a: "workspace:*", z: "^1.0.0", gone: "^3" },
    },
    "packages/a/package.json": {
      name: "a",
      version: "2.0.0",
      dependencies: { x: "^1.0.0" },
      devDependencies: { y: "^1.0.0" },
      peerDependencies: { react: "*", y: "*" },
    },
  });

  it("takes the workspace list from yarn.lock and names and versions from the manifests", () => {
    expect(snapshot.roots).toEqual([
      { id: "root:.", path: ".", name: "mono" },
      { id: "root:packages/a", path: "packages/a", name: "a", version: "2.0.0" },
    ]);
    expect(snapshot.lockfile.manifests).toEqual(["package.json", "packages/a/package.json"]);
  });

  it("tells dev from prod with the manifests where yarn.lock merges them", () => {
    expect(scopes(snapshot)).toEqual({ x: "prod direct", y: "dev direct", z: "dev direct" });
    expect(
      snapshot.edges.filter((e) => e.from === "root:packages/a").map((e) => [e.to, e.kind, e.range]),
    ).toEqual([
      ["npm:x@1.0.0", "prod", "^1.0.0"],
      ["npm:y@1.1.0", "dev", "^1.0.0"],
    ]);
  });

  it("warns about an unresolvable manifest dependency and an unprovided peer, not about workspace links", () => {
    expect(snapshot.coverage.warnings).toEqual([
      "1 dependencies match no yarn.lock entry and have no edge: gone@^3 (from workspace .)",
      "peer dependencies of workspaces not installed by yarn.lock: react@* (packages/a)",
    ]);
  });
});

describe("an unreadable root manifest", () => {
  it("is warned about and treated as missing", () => {
    const snapshot = parse("yarn.lock", BERRY_LOCK, { "package.json": "{ not json" });
    expect(snapshot.coverage.warnings[0]).toMatch(/^package\.json is not valid JSON/);
    expect(snapshot.coverage.warnings).toContainEqual(
      expect.stringMatching(/^package\.json is missing or unreadable: scopes/),
    );
    expect(snapshot.lockfile.manifests).toEqual([]);
  });
});
