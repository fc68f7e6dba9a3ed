import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { LockfileFixture } from "../../../../test-support/fixtures.js";
import { parseFixture, readFixture } from "../../../../test-support/parse-fixture.js";
import { isLockkeeperError, type LockkeeperError } from "../../../errors.js";
import { MemoryFiles } from "../../../files/project-files.js";
import type { Edge, PackageNode, Snapshot } from "../../../model/types.js";
import { pnpmLockParser } from "./pnpm-lock.js";

const V5: LockfileFixture = { dir: "pnpm/pnpm-v5.4", lockfile: "pnpm-lock.yaml" };
const V6: LockfileFixture = { dir: "pnpm/pnpm-v6", lockfile: "pnpm-lock.yaml" };
const V9: LockfileFixture = { dir: "pnpm/changesets-v9", lockfile: "pnpm-lock.yaml" };

const snapshots = new Map<LockfileFixture, Snapshot>();
function fixture(which: LockfileFixture): Snapshot {
  let snapshot = snapshots.get(which);
  if (!snapshot) {
    snapshot = parseFixture(pnpmLockParser, which);
    snapshots.set(which, snapshot);
  }
  return snapshot;
}

function pkg(snapshot: Snapshot, id: string): PackageNode {
  const found = snapshot.packages.find((p) => p.id === id);
  if (!found) throw new Error(`no package ${id}`);
  return found;
}

function edge(snapshot: Snapshot, from: string, to: string): Edge | undefined {
  return snapshot.edges.find((e) => e.from === from && e.to === to);
}

function parseText(content: string, files: Record<string, string> = {}): Snapshot {
  return pnpmLockParser.parse({ path: "pnpm-lock.yaml", content, files: new MemoryFiles(files) });
}

function failure(content: string): LockkeeperError {
  try {
    parseText(content);
  } catch (error: unknown) {
    if (isLockkeeperError(error)) return error;
    throw error;
  }
  throw new Error("no error");
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

// Counts verified independently with python (yaml.safe_load, a BFS over the raw entries) and grep.
describe("pnpm-lock fixtures", () => {
  it.each([
    // label, version, importers, entries, packages, root edges + package edges, scopes, fixture
    ["pnpm-v5.4", "5.4", 126, 1529, 1529, 817 + 2984, { prod: 933, optional: 20, dev: 576 }, V5],
    // 1635 entries, 1634 packages: ts-node@10.9.2 has two peer variants.
    ["pnpm-v6", "6.0", 152, 1635, 1634, 930 + 3124, { prod: 896, optional: 31, dev: 707 }, V6],
    ["changesets-v9", "9.0", 24, 484, 484, 78 + 696, { prod: 50, optional: 1, dev: 433 }, V9],
  ] as const)(
    "%s: lockfileVersion %s, %i importers, %i entries, %i packages, %i edges",
    (_label, version, roots, entries, packages, edges, scopes, which) => {
      const snapshot = fixture(which);
      expect(snapshot.lockfile).toStrictEqual({
        path: "pnpm-lock.yaml",
        format: "pnpm-lock",
        ecosystem: "npm",
        formatVersion: version,
        manifests: ["package.json"],
      });
      expect(snapshot.roots).toHaveLength(roots);
      expect(snapshot.coverage).toMatchObject({ entries, parsed: entries, skipped: [] });
      expect(snapshot.packages).toHaveLength(packages);
      expect(snapshot.edges).toHaveLength(edges);
      expect(countBy(snapshot.packages, (p) => p.scope)).toStrictEqual(scopes);
    },
  );

  it("names the root project from package.json and warns about importers without one", () => {
    expect(fixture(V5).roots[0]).toStrictEqual({ id: "root:.", path: ".", name: "monorepo-root" });
    expect(fixture(V9).roots[0]).toStrictEqual({
      id: "root:.",
      path: ".",
      name: "@changesets/repository",
      version: "1.0.0",
    });
    expect(fixture(V9).coverage.warnings).toStrictEqual([
      "package.json not found (or unreadable) for 23 of 24 importer(s)",
    ]);
  });

  it("5.4: strips the `_peer` suffix, keeps the key and line, and makes the peer an edge", () => {
    const snapshot = fixture(V5);
    const targets = pkg(snapshot, "npm:@babel/helper-compilation-targets@7.18.9");
    expect(targets.locations).toStrictEqual([
      { key: "/@babel/helper-compilation-targets/7.18.9_@babel+core@7.18.9", line: 3904 },
    ]);
    expect(targets.scope).toBe("dev");
    expect(targets.hashes).toStrictEqual([
      {
        algorithm: "sha512",
        value: Buffer.from(
          "tzLCyVmqUiFlcFoAPLA/gL9TeYrF61VLNtb+hvkuVaB5SUjW7jcfrglBIX1vUIoT7CLP3bBlIMeyEsIl2eFQNg==",
          "base64",
        ).toString("hex"),
      },
    ]);
    expect(edge(snapshot, targets.id, "npm:@babel/core@7.18.9")).toStrictEqual({
      from: targets.id,
      to: "npm:@babel/core@7.18.9",
      kind: "peer",
      range: "^7.0.0",
    });
    expect(edge(snapshot, targets.id, "npm:browserslist@4.21.3")?.kind).toBe("prod");
  });

  it("5.4: reads a GitHub tarball package by its name/version fields, and npm: aliases", () => {
    const snapshot = fixture(V5);
    const pkgNode = pkg(snapshot, "npm:pkg@5.7.0");
    expect(pkgNode.source).toStrictEqual({
      kind: "url",
      url: "https://codeload.github.com/vercel/pkg/tar.gz/7e4fef9f0828b11c7a9655b95425f32094f2daa2",
    });
    expect(pkgNode.locations).toStrictEqual([
      {
        key: "github.com/vercel/pkg/7e4fef9f0828b11c7a9655b95425f32094f2daa2_pp6fkuhwkrqq7cjcj7uqpf37e4",
        line: 14613,
      },
    ]);
    expect(edge(snapshot, "root:packages/exe", "npm:pkg@5.7.0")).toMatchObject({
      kind: "dev",
      range: "github:vercel/pkg#5.7.0",
    });
    expect(edge(snapshot, "root:packages/exe", "npm:safe-execa@0.1.2")).toMatchObject({
      kind: "dev",
      range: "npm:safe-execa@^0.1.2",
    });
    expect(pkg(snapshot, "npm:safe-execa@0.1.2").aliases).toStrictEqual(["execa"]);
    expect(pkg(snapshot, "npm:@zkochan/js-yaml@0.0.6").aliases).toStrictEqual(["js-yaml"]);
  });

  it("5.4: workspace links are roots, not packages", () => {
    const snapshot = fixture(V5);
    // packages/exe optionally depends on link:../artifacts/linux-x64, itself an importer.
    expect(snapshot.roots.some((r) => r.path === "packages/artifacts/linux-x64")).toBe(true);
    expect(snapshot.edges.filter((e) => e.from === "root:packages/exe").map((e) => e.to)).toStrictEqual([
      "npm:pkg@5.7.0",
      "npm:safe-execa@0.1.2",
    ]);
    expect(snapshot.packages.some((p) => p.source.kind === "link")).toBe(false);
  });

  it("6.0: merges peer variants into one package with a location per key", () => {
    const snapshot = fixture(V6);
    const tsNode = pkg(snapshot, "npm:ts-node@10.9.2");
    expect(tsNode.locations).toStrictEqual([
      { key: "/ts-node@10.9.2(@types/node@18.19.15)(typescript@5.3.3)", line: 17108 },
      { key: "/ts-node@10.9.2(@types/node@20.5.1)(typescript@5.3.3)", line: 17139 },
    ]);
    // Each variant's resolved peer is an edge.
    expect(edge(snapshot, tsNode.id, "npm:@types/node@18.19.15")).toMatchObject({ kind: "peer", range: "*" });
    expect(edge(snapshot, tsNode.id, "npm:@types/node@20.5.1")).toMatchObject({ kind: "peer", range: "*" });
    const parser = pkg(snapshot, "npm:@babel/parser@7.23.9");
    expect(parser.locations).toStrictEqual([
      { key: "/@babel/parser@7.23.9(@babel/types@7.23.9)", line: 6694 },
    ]);
    expect(edge(snapshot, parser.id, "npm:@babel/types@7.23.9")).toMatchObject({ kind: "peer", range: "*" });
  });

  it("6.0: a patched package keeps its version", () => {
    const node = pkg(fixture(V6), "npm:graceful-fs@4.2.11");
    expect(node.locations).toStrictEqual([
      { key: "/graceful-fs@4.2.11(patch_hash=ivtm2a2cfr5pomcfbedhmr5v2q)", line: 12682 },
    ]);
  });

  it("9.0: metadata from packages, graph from snapshots", () => {
    const snapshot = fixture(V9);
    const plugin = pkg(snapshot, "npm:@e18e/eslint-plugin@0.6.0");
    expect(plugin.locations).toStrictEqual([{ key: "@e18e/eslint-plugin@0.6.0", line: 569 }]);
    expect(plugin.direct).toBe(true);
    // Its snapshot `@e18e/eslint-plugin@0.6.0(eslint@10.8.0)` lists the optional peer eslint
    // under optionalDependencies: an optional edge (an optional peer never makes a package prod).
    expect(edge(snapshot, plugin.id, "npm:eslint@10.8.0")).toMatchObject({
      kind: "optional",
      range: "^9.0.0 || ^10.0.0",
    });
    // vue is a prod dependency of site; its optional peer typescript is there only for dev.
    expect(edge(snapshot, "npm:vue@3.5.40", "npm:typescript@6.0.3")?.kind).toBe("optional");
    expect(pkg(snapshot, "npm:vue@3.5.40").scope).toBe("prod");
    expect(pkg(snapshot, "npm:typescript@6.0.3").scope).toBe("optional");
    expect(edge(snapshot, plugin.id, "npm:semver@7.8.5")?.kind).toBe("prod");
    expect(edge(snapshot, "root:.", "npm:@vitest/eslint-plugin@1.6.25")).toStrictEqual({
      from: "root:.",
      to: "npm:@vitest/eslint-plugin@1.6.25",
      kind: "dev",
      range: "^1.6.25",
    });
  });

  it("9.0: aliases and workspace links", () => {
    const snapshot = fixture(V9);
    expect(pkg(snapshot, "npm:pnpm@10.34.5").aliases).toStrictEqual(["pnpm-10"]);
    expect(pkg(snapshot, "npm:@yarnpkg/cli-dist@4.17.0").aliases).toStrictEqual(["yarn-4"]);
    expect(snapshot.edges.find((e) => e.to === "npm:pnpm@10.34.5")?.range).toBe("npm:pnpm@^10.34.5");
    // `@changesets/cli: link:packages/cli` from the root is the packages/cli project.
    expect(snapshot.roots.map((r) => r.path)).toContain("packages/cli");
    expect(snapshot.packages.some((p) => p.name === "@changesets/cli")).toBe(false);
  });
});

/**
 * pnpm 5.x/6.x mark each entry `dev: true` (only reachable from devDependencies), `dev: false`
 * (only from dependencies/optionalDependencies) or nothing (both), and `optional: true` when
 * every path goes through an optional dependency. The builder's scopes come from the graph alone;
 * these tests check them against the flags, entry by entry.
 */
describe("scopes agree with pnpm's dev and optional flags", () => {
  function reachable(snapshot: Snapshot, rootKinds: readonly string[], followOptional: boolean): Set<string> {
    const roots = new Set(snapshot.roots.map((r) => r.id));
    const outgoing = new Map<string, Edge[]>();
    for (const e of snapshot.edges) outgoing.set(e.from, [...(outgoing.get(e.from) ?? []), e]);
    const seen = new Set<string>();
    const queue: string[] = [];
    for (const e of snapshot.edges) {
      if (roots.has(e.from) && rootKinds.includes(e.kind) && !seen.has(e.to)) {
        seen.add(e.to);
        queue.push(e.to);
      }
    }
    for (let i = 0; i < queue.length; i++) {
      for (const e of outgoing.get(queue[i] as string) ?? []) {
        if (roots.has(e.to) || seen.has(e.to) || (!followOptional && e.kind === "optional")) continue;
        seen.add(e.to);
        queue.push(e.to);
      }
    }
    return seen;
  }

  it.each([
    // label, packages with dev: true / dev: false / no dev flag, with optional: true, fixture
    ["pnpm-v5.4", 576, 246, 707, 32, V5],
    ["pnpm-v6", 707, 253, 674, 54, V6],
  ] as const)(
    "%s: %i dev-only, %i prod-only, %i both, %i optional-only",
    (_label, devTrue, devFalse, absent, optionalTrue, which) => {
      const snapshot = fixture(which);
      // The flags read independently, with the yaml package.
      const entries = parse(readFixture(which).content).packages as Record<
        string,
        { dev?: boolean; optional?: boolean }
      >;
      const fromProd = reachable(snapshot, ["prod", "optional"], true);
      const fromDev = reachable(snapshot, ["dev"], true);
      const withoutOptional = reachable(snapshot, ["prod", "dev"], false);
      const counts = { devTrue: 0, devFalse: 0, absent: 0, optionalTrue: 0 };
      for (const node of snapshot.packages) {
        const flags = node.locations.map((l) => entries[l.key as string]);
        if (flags.every((f) => f?.dev === true)) {
          counts.devTrue++;
          expect([node.id, node.scope, fromProd.has(node.id), fromDev.has(node.id)]).toStrictEqual([
            node.id,
            "dev",
            false,
            true,
          ]);
        } else if (flags.every((f) => f?.dev === false)) {
          counts.devFalse++;
          expect([node.id, node.scope === "dev", fromProd.has(node.id), fromDev.has(node.id)]).toStrictEqual([
            node.id,
            false,
            true,
            false,
          ]);
        } else {
          expect(flags.every((f) => f?.dev === undefined)).toBe(true);
          counts.absent++;
          expect([node.id, node.scope === "dev", fromProd.has(node.id), fromDev.has(node.id)]).toStrictEqual([
            node.id,
            false,
            true,
            true,
          ]);
        }
        const optional = flags.every((f) => f?.optional === true);
        if (optional) {
          counts.optionalTrue++;
          expect([node.id, node.scope === "optional" || node.scope === "dev"]).toStrictEqual([node.id, true]);
        }
        // optional: true exactly when no path avoids an optional dependency. (A package that
        // prod reaches only optionally but dev reaches directly has no flag; its scope is
        // "optional" because prod ranks above dev.)
        expect([node.id, withoutOptional.has(node.id)]).toStrictEqual([node.id, !optional]);
      }
      expect(counts).toStrictEqual({ devTrue, devFalse, absent, optionalTrue });
    },
  );
});

describe("pnpm-lock on small lockfiles", () => {
  it("9.0: skips pnpm's env document, keeps catalog: ranges", () => {
    const snapshot = parseText(
      [
        "---",
        "lockfileVersion: '9.0'",
        "importers:",
        "  .:",
        "    configDependencies: {}",
        "    packageManagerDependencies:",
        "      pnpm: {specifier: 10.0.0, version: 10.0.0}",
        "packages:",
        "  pnpm@10.0.0: {resolution: {integrity: sha512-AAAA}}",
        "snapshots:",
        "  pnpm@10.0.0: {}",
        "---",
        "lockfileVersion: '9.0'",
        "catalogs:",
        "  default:",
        "    react: {specifier: ^18.2.0, version: 18.2.0}",
        "importers:",
        "  .:",
        "    dependencies:",
        "      react: {specifier: 'catalog:', version: 18.2.0}",
        "packages:",
        "  react@18.2.0:",
        "    resolution: {integrity: sha512-AAAA}",
        "snapshots:",
        "  react@18.2.0: {}",
        "",
      ].join("\n"),
    );
    expect(snapshot.packages.map((p) => [p.id, p.locations])).toStrictEqual([
      ["npm:react@18.2.0", [{ key: "react@18.2.0", line: 22 }]],
    ]);
    expect(snapshot.edges).toStrictEqual([
      { from: "root:.", to: "npm:react@18.2.0", kind: "prod", range: "catalog:" },
    ]);
  });

  it("an env-only file has no project packages and says so", () => {
    const snapshot = parseText(
      "---\nlockfileVersion: '9.0'\nimporters:\n  .:\n    packageManagerDependencies:\n      pnpm: {specifier: 10.0.0, version: 10.0.0}\n",
    );
    expect(snapshot.packages).toStrictEqual([]);
    expect(snapshot.coverage.warnings).toContain(
      "the file holds only pnpm's environment document; no project dependencies",
    );
  });

  it("6.0 single project: git, directory and tarball resolutions", () => {
    const snapshot = parseText(
      [
        "lockfileVersion: '6.0'",
        "dependencies:",
        "  is-positive: {specifier: github:kevva/is-positive, version: github.com/kevva/is-positive/97edff6f}",
        "  local: {specifier: file:local, version: file:local}",
        "  lodash: {specifier: ^4.17.21, version: 4.17.21}",
        "optionalDependencies:",
        "  other: {specifier: 'link:../other', version: link:../other}",
        "packages:",
        "  github.com/kevva/is-positive/97edff6f:",
        "    resolution: {type: git, repo: https://github.com/kevva/is-positive.git, commit: 97edff6f}",
        "    name: is-positive",
        "    version: 3.1.0",
        "  file:local:",
        "    resolution: {directory: local, type: directory}",
        "    name: local",
        "    version: 0.0.1",
        "  /lodash@4.17.21:",
        "    resolution: {integrity: sha512-AAAA, tarball: https://npm.example.com/lodash-4.17.21.tgz}",
        "",
      ].join("\n"),
      { "package.json": '{"name": "app", "version": "1.2.3"}' },
    );
    expect(snapshot.roots).toStrictEqual([{ id: "root:.", path: ".", name: "app", version: "1.2.3" }]);
    expect(snapshot.packages.map((p) => [p.id, p.source, p.scope])).toStrictEqual([
      [
        "npm:is-positive@3.1.0",
        { kind: "git", url: "https://github.com/kevva/is-positive.git#97edff6f" },
        "prod",
      ],
      ["npm:local@0.0.1", { kind: "file", url: "local" }, "prod"],
      ["npm:lodash@4.17.21", { kind: "registry", url: "https://npm.example.com/lodash-4.17.21.tgz" }, "prod"],
      ["npm:other@../other", { kind: "link", url: "../other" }, "optional"],
    ]);
    expect(snapshot.coverage).toMatchObject({ entries: 3, parsed: 3, skipped: [] });
  });

  it("5.x single project: specifiers, a skipped entry and an unresolved reference", () => {
    const snapshot = parseText(
      [
        "lockfileVersion: 5.10",
        "specifiers:",
        "  a: ^1.0.0",
        "  b: ^2.0.0",
        "dependencies:",
        "  a: 1.0.0",
        "devDependencies:",
        "  b: 2.0.0_a@1.0.0",
        "packages:",
        "  /a/1.0.0:",
        "    resolution: {integrity: sha1-AAAA}",
        "    dependencies:",
        "      c: 3.0.0",
        "  /b/2.0.0_a@1.0.0:",
        "    resolution: {integrity: sha1-AAAA}",
        "    dependencies:",
        "      a: 1.0.0",
        "    dev: true",
        "  weird-key:",
        "    resolution: {integrity: sha1-AAAA}",
        "  /broken/1.0.0: just text",
        "",
      ].join("\n"),
    );
    expect(snapshot.lockfile.formatVersion).toBe("5.10");
    expect(snapshot.edges).toStrictEqual([
      { from: "npm:b@2.0.0", to: "npm:a@1.0.0", kind: "prod" },
      { from: "root:.", to: "npm:a@1.0.0", kind: "prod", range: "^1.0.0" },
      { from: "root:.", to: "npm:b@2.0.0", kind: "dev", range: "^2.0.0" },
    ]);
    expect(snapshot.coverage).toStrictEqual({
      entries: 4,
      parsed: 2,
      skipped: [
        { entry: "weird-key", line: 19, reason: "neither the key nor a name field gives the package name" },
        { entry: "/broken/1.0.0", line: 21, reason: "entry is not a mapping" },
      ],
      warnings: [
        "package.json not found (or unreadable) for 1 of 1 importer(s)",
        "1 dependency reference(s) point at no package entry: npm:a@1.0.0 → c@3.0.0",
      ],
    });
  });

  it.each([
    ["no lockfileVersion", "importers: {}\n", /no lockfileVersion/, 1],
    [
      "an unsupported version",
      "foo: 1\nlockfileVersion: '3.0'\n",
      /lockfileVersion 3\.0 is not supported/,
      2,
    ],
    [
      "packages that are not a mapping",
      "lockfileVersion: '9.0'\npackages:\n  - a\n",
      /packages is not a mapping/,
      2,
    ],
    ["a YAML error", "lockfileVersion: '9.0'\npackages:\n  a@1.0.0: &x {}\n", /^YAML: /, 3],
    ["a top-level list", "[1, 2, 3]", /^YAML: /, 1],
  ])("rejects %s with a PARSE error naming the file and line", (_name, content, message, line) => {
    const error = failure(content);
    expect(error.code).toBe("PARSE");
    expect(error.file).toBe("pnpm-lock.yaml");
    expect(error.message).toMatch(message);
    expect(error.line).toBe(line);
  });

  it("claims only pnpm-lock.yaml", () => {
    expect(pnpmLockParser.matchesFileName("pnpm-lock.yaml")).toBe(true);
    expect(pnpmLockParser.matchesFileName("pnpm-workspace.yaml")).toBe(false);
    expect(pnpmLockParser.matchesFileName("package-lock.json")).toBe(false);
  });
});

describe("pnpm-lock against its importers' package.json", () => {
  it("takes the manifest's ranges and warns once when the lockfile is out of date with it", () => {
    const lock = [
      "lockfileVersion: '9.0'",
      "importers:",
      "  .:",
      "    dependencies:",
      "      a: {specifier: ^1.0.0, version: 1.0.0}",
      "    devDependencies:",
      "      b: {specifier: ^2.0.0, version: 2.0.0}",
      "packages:",
      "  a@1.0.0: {resolution: {integrity: sha512-AAAA}}",
      "  b@2.0.0: {resolution: {integrity: sha512-BBBB}}",
      "snapshots:",
      "  a@1.0.0: {}",
      "  b@2.0.0: {}",
      "",
    ].join("\n");
    const manifest = {
      name: "app",
      dependencies: { a: "~1.0.0" },
      devDependencies: { b: "^2.0.0" },
      peerDependencies: { react: "^18" },
    };
    const snapshot = parseText(lock, { "package.json": JSON.stringify(manifest) });
    expect(snapshot.edges.map((e) => [e.to, e.range])).toEqual([
      ["npm:a@1.0.0", "~1.0.0"],
      ["npm:b@2.0.0", "^2.0.0"],
    ]);
    // Peer dependencies are not in importers: not a difference.
    expect(snapshot.coverage.warnings).toEqual([
      "out of date with package.json (pnpm install updates it): a is ~1.0.0 there, ^1.0.0 in the lock",
    ]);
  });
});
