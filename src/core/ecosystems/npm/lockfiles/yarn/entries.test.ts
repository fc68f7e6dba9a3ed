/** Entry conversion (sources, hashes, aliases, skips) through the whole parser, on small lockfiles. */
import { describe, expect, it } from "vitest";
import { MemoryFiles } from "../../../../files/project-files.js";
import type { Snapshot } from "../../../../model/types.js";
import { yarnLockParser } from "../yarn-lock.js";

function parse(lock: string, files: Record<string, string> = {}): Snapshot {
  return yarnLockParser.parse({ path: "yarn.lock", content: lock, files: new MemoryFiles(files) });
}

const SHA1 = "0e0c9061fc41cf03737d499a4e6a8299fdd2bfa7";
const COMMIT = "4c13a00ac84cf0e2dd57c457cd1ce46faa9e456a";
const HEX512 = "ab".repeat(64);

const CLASSIC = `# yarn lockfile v1

"@s/a@^1.0.0", "@s/a@^1.1.0":
  version "1.2.0"
  resolved "https://registry.yarnpkg.com/@s/a/-/a-1.2.0.tgz#${SHA1}"
  integrity sha1-DgyQYfxBzwNzfUmaTmqCmf3Sv6c=
  dependencies:
    b "npm:real-b@^2"
    missing "^9"

b@npm:real-b@^2:
  version "2.0.0"
  resolved "https://registry.yarnpkg.com/real-b/-/real-b-2.0.0.tgz"

c@user/repo#v1:
  version "1.0.0"
  resolved "git+https://github.com/user/repo.git#${COMMIT}"

d@https://example.com/d-1.0.0.tgz:
  version "1.0.0"
  resolved "https://example.com/d-1.0.0.tgz#${SHA1}"

e@file:./vendor/e:
  version "0.1.0"

f@^1:
  resolved "https://registry.yarnpkg.com/f/-/f-1.0.0.tgz"

g@^1:
  version "1.0.0"
  resolved "https://codeload.github.com/user/g/tar.gz/${COMMIT}"
`;

describe("classic entries", () => {
  const snapshot = parse(CLASSIC, {
    "package.json": JSON.stringify({
      dependencies: {
        "@s/a": "^1.1.0",
        c: "user/repo#v1",
        d: "https://example.com/d-1.0.0.tgz",
        e: "file:./vendor/e",
        g: "^1",
      },
    }),
  });
  const byId = new Map(snapshot.packages.map((p) => [p.id, p]));

  it("dedups a sha1 given both as #fragment and as integrity", () => {
    expect(byId.get("npm:@s/a@1.2.0")?.hashes).toEqual([{ algorithm: "sha1", value: SHA1 }]);
  });

  it("reads an alias entry as the real package", () => {
    expect(byId.get("npm:real-b@2.0.0")).toMatchObject({ aliases: ["b"], scope: "prod", direct: false });
    expect(snapshot.edges).toContainEqual({
      from: "npm:@s/a@1.2.0",
      to: "npm:real-b@2.0.0",
      kind: "prod",
      range: "npm:real-b@^2",
    });
  });

  it.each([
    ["npm:c@1.0.0", { kind: "git", url: `git+https://github.com/user/repo.git#${COMMIT}` }, []],
    [
      "npm:d@1.0.0",
      { kind: "url", url: "https://example.com/d-1.0.0.tgz" },
      [{ algorithm: "sha1", value: SHA1 }],
    ],
    ["npm:e@0.1.0", { kind: "file", url: "file:./vendor/e" }, []],
    // A registry range overridden by `resolutions` to GitHub: only `resolved` says so.
    ["npm:g@1.0.0", { kind: "git", url: `https://codeload.github.com/user/g/tar.gz/${COMMIT}` }, []],
  ])("%s has source %o and hashes %o", (id, source, hashes) => {
    expect(byId.get(id)?.source).toEqual(source);
    expect(byId.get(id)?.hashes).toEqual(hashes);
  });

  it("skips an entry without version, with its line, and counts it", () => {
    expect(snapshot.coverage.entries).toBe(7);
    expect(snapshot.coverage.parsed).toBe(6);
    expect(snapshot.coverage.skipped).toEqual([{ entry: "f@^1", line: 26, reason: "entry has no version" }]);
  });

  it("warns about a dependency no entry resolves, naming where it was declared", () => {
    expect(snapshot.coverage.warnings).toEqual([
      "1 dependencies match no yarn.lock entry and have no edge: missing@^9 (from @s/a@1.2.0, line 9)",
    ]);
  });
});

const BERRY = `__metadata:
  version: 6
  cacheKey: 8

"a@npm:^1.0.0":
  version: 1.0.0
  resolution: "a@npm:1.0.0"
  dependencies:
    b: ^2.0.0
    l: "link:../l"
    p: "patch:p@npm%3A1.0.0#./p.patch"
  checksum: ${HEX512}
  languageName: node
  linkType: hard

"b@npm:^2.0.0":
  version: 2.1.0
  resolution: "b@npm:2.1.0::__archiveUrl=https%3A%2F%2Fmirror.example%2Fb-2.1.0.tgz"
  checksum: 10c0/${HEX512}
  languageName: node
  linkType: hard

"g@https://github.com/user/g.git":
  version: 3.0.0
  resolution: "g@https://github.com/user/g.git#commit=${COMMIT}"
  languageName: node
  linkType: hard

"l@link:../l::locator=root%40workspace%3A.":
  version: 0.0.0-use.local
  resolution: "l@link:../l::locator=root%40workspace%3A."
  languageName: node
  linkType: soft

"p@patch:p@npm%3A1.0.0#./p.patch::locator=root%40workspace%3A.":
  version: 1.0.0
  resolution: "p@patch:p@npm%3A1.0.0#./p.patch::version=1.0.0&hash=abc&locator=root%40workspace%3A."
  checksum: notahash
  languageName: node
  linkType: hard

"x@exec:./gen.js":
  version: 1.0.0
  resolution: "x@exec:./gen.js"

"root@workspace:.":
  version: 0.0.0-use.local
  resolution: "root@workspace:."
  dependencies:
    a: ^1.0.0
    g: "https://github.com/user/g.git"
    x: "exec:./gen.js"
  languageName: unknown
  linkType: soft
`;

describe("berry entries", () => {
  const snapshot = parse(BERRY);
  const byName = new Map(snapshot.packages.map((p) => [p.name, p]));

  it("formats the version as berry-<__metadata.version>", () => {
    expect(snapshot.lockfile.formatVersion).toBe("berry-6");
  });

  it.each([
    ["a", "1.0.0", { kind: "registry" }, 1],
    ["b", "2.1.0", { kind: "registry", url: "https://mirror.example/b-2.1.0.tgz" }, 1],
    ["g", "3.0.0", { kind: "git", url: `https://github.com/user/g.git#commit=${COMMIT}` }, 0],
    ["l", undefined, { kind: "link", url: "link:../l" }, 0],
    ["p", "1.0.0", { kind: "registry" }, 0],
  ])("%s@%s has source %o and %i hash(es)", (name, version, source, hashes) => {
    expect(byName.get(name)?.version).toBe(version);
    expect(byName.get(name)?.source).toEqual(source);
    expect(byName.get(name)?.hashes).toHaveLength(hashes);
  });

  it("resolves old-style ranges without npm:, links and patches through their bound keys", () => {
    const from = (name: string) =>
      snapshot.edges.filter((e) => e.from === `npm:${name}@1.0.0`).map((e) => e.to);
    expect(from("a")).toEqual(["npm:b@2.1.0", "npm:l@link:../l", "npm:p@1.0.0"]);
    expect(snapshot.coverage.warnings).toEqual([
      expect.stringMatching(/^package\.json is missing or unreadable: scopes could not be derived/),
    ]);
  });

  it("skips an unsupported protocol and keeps the dependency on it quiet", () => {
    expect(snapshot.coverage.skipped).toEqual([
      { entry: "x@exec:./gen.js", line: 42, reason: 'unsupported protocol "exec:"' },
    ]);
    expect(snapshot.coverage).toMatchObject({ entries: 6, parsed: 5 });
  });

  it("uses the workspace entry's dependencies as root edges when package.json is missing", () => {
    expect(snapshot.roots).toEqual([{ id: "root:.", path: ".", name: "root" }]);
    expect(snapshot.edges.filter((e) => e.from === "root:.").map((e) => [e.to, e.kind])).toEqual([
      ["npm:a@1.0.0", "prod"],
      ["npm:g@3.0.0", "prod"],
    ]);
    expect(snapshot.packages.every((p) => p.scope === "prod")).toBe(true);
  });
});
