import { describe, expect, it } from "vitest";
import { DescriptorIndex, parseResolutions } from "./descriptor-index.js";
import {
  canonicalRange,
  classifyRange,
  type RangeTarget,
  splitDescriptor,
  withoutBindings,
} from "./descriptors.js";

describe("splitDescriptor", () => {
  it.each([
    ["a@^1.0.0", { name: "a", range: "^1.0.0" }],
    ["@scope/a@^1.0.0", { name: "@scope/a", range: "^1.0.0" }],
    ["a@npm:b@^1", { name: "a", range: "npm:b@^1" }],
    ["@s/a@patch:@s/a@npm%3A1.0.0#./p.patch", { name: "@s/a", range: "patch:@s/a@npm%3A1.0.0#./p.patch" }],
    ["a@workspace:packages/a", { name: "a", range: "workspace:packages/a" }],
    ["a", undefined],
    ["a@", undefined],
    ["@scope@1", undefined],
  ])("%s", (text, expected) => {
    expect(splitDescriptor(text)).toEqual(expected);
  });
});

describe("classifyRange", () => {
  it.each<[string, RangeTarget]>([
    ["^1.0.0", { kind: "registry", range: "^1.0.0" }],
    ["latest", { kind: "registry", range: "latest" }],
    [">= 1 < 3", { kind: "registry", range: ">= 1 < 3" }],
    ["npm:^1.0.0", { kind: "registry", range: "^1.0.0" }],
    ["npm:real@^1", { kind: "registry", range: "^1", realName: "real" }],
    ["npm:@s/real@1.0.0", { kind: "registry", range: "1.0.0", realName: "@s/real" }],
    ["workspace:*", { kind: "workspace", path: "*" }],
    ["workspace:packages/a", { kind: "workspace", path: "packages/a" }],
    [
      "patch:a@npm%3A1.0.0#./patches/a.patch::version=1.0.0&hash=abc",
      {
        kind: "patch",
        inner: { name: "a", range: "npm:1.0.0" },
        source: { kind: "registry", range: "1.0.0" },
      },
    ],
    [
      "patch:a@npm:^1.0.0#~/.yarn/patches/a.patch",
      {
        kind: "patch",
        inner: { name: "a", range: "npm:^1.0.0" },
        source: { kind: "registry", range: "^1.0.0" },
      },
    ],
    ["file:../a", { kind: "file", url: "file:../a" }],
    ["file:./a-1.0.0.tgz", { kind: "file", url: "file:./a-1.0.0.tgz" }],
    ["link:../a", { kind: "link", url: "link:../a" }],
    ["portal:../a", { kind: "link", url: "portal:../a" }],
    ["github:user/repo#v1", { kind: "git", url: "github:user/repo#v1" }],
    ["user/repo#v1.28.1", { kind: "git", url: "github:user/repo#v1.28.1" }],
    ["git+https://example.com/a.git#abc", { kind: "git", url: "git+https://example.com/a.git#abc" }],
    ["git@github.com:user/repo.git", { kind: "git", url: "git@github.com:user/repo.git" }],
    [
      "https://github.com/user/repo.git#commit=abc",
      { kind: "git", url: "https://github.com/user/repo.git#commit=abc" },
    ],
    ["https://github.com/user/repo", { kind: "git", url: "https://github.com/user/repo" }],
    ["https://example.com/a-1.0.0.tgz", { kind: "url", url: "https://example.com/a-1.0.0.tgz" }],
    ["exec:./build.js", { kind: "unsupported", protocol: "exec" }],
  ])("%s", (range, expected) => {
    expect(classifyRange(range)).toEqual(expected);
  });
});

describe("canonicalRange and withoutBindings", () => {
  it.each([
    ["npm:^1.0.0", "^1.0.0"],
    ["^1.0.0", "^1.0.0"],
    ["npm:real@^1", "npm:real@^1"],
    ["workspace:*", "workspace:*"],
  ])("canonicalRange(%s) = %s", (range, expected) => {
    expect(canonicalRange(range)).toBe(expected);
  });

  it("drops berry binding parameters", () => {
    expect(withoutBindings("patch:a@npm:1#./a.patch::locator=root%40workspace%3A.")).toBe(
      "patch:a@npm:1#./a.patch",
    );
    expect(withoutBindings("file:../a")).toBe("file:../a");
  });
});

describe("DescriptorIndex", () => {
  const { rules } = parseResolutions({
    "@types/node": "18.x",
    "parent/child": "^2.0.0",
    "lru-cache@^10.0.1": "patch:lru-cache@npm:10.4.3#./p.patch",
  });
  const index = new DescriptorIndex(rules);
  index.add({ name: "a", range: "npm:^1.0.0" }, { kind: "package", id: "npm:a@1.2.0" });
  index.add({ name: "@types/node", range: "npm:18.x" }, { kind: "package", id: "npm:@types/node@18.19.0" });
  index.add({ name: "child", range: "npm:^2.0.0" }, { kind: "package", id: "npm:child@2.1.0" });
  index.add({ name: "child", range: "npm:^1.0.0" }, { kind: "package", id: "npm:child@1.0.0" });
  index.add(
    { name: "lru-cache", range: "patch:lru-cache@npm:10.4.3#./p.patch::locator=root%40workspace%3A." },
    { kind: "package", id: "npm:lru-cache@10.4.3" },
  );
  index.add({ name: "w", range: "workspace:*" }, { kind: "root", id: "root:packages/w" });

  it.each([
    ["a", "npm:^1.0.0", undefined, "npm:a@1.2.0"],
    ["a", "^1.0.0", undefined, "npm:a@1.2.0"],
    ["a", "^2.0.0", undefined, undefined],
    ["@types/node", "npm:*", "anything", "npm:@types/node@18.19.0"],
    ["child", "npm:^1.0.0", "parent", "npm:child@1.0.0"],
    ["child", "npm:^0.1.0", "parent", "npm:child@2.1.0"],
    ["child", "npm:^0.1.0", "other", undefined],
    ["lru-cache", "npm:^10.0.1", "x", "npm:lru-cache@10.4.3"],
    ["lru-cache", "npm:^10.2.0", "x", undefined],
    ["w", "workspace:*", undefined, "root:packages/w"],
  ])("%s@%s from %s → %s", (name, range, from, expected) => {
    expect(index.resolve(name, range, from)?.id).toBe(expected);
  });

  it("records a descriptor claimed by two entries, keeping the first", () => {
    const twice = new DescriptorIndex();
    twice.add({ name: "a", range: "^1" }, { kind: "package", id: "npm:a@1.0.0" });
    twice.add({ name: "a", range: "^1" }, { kind: "package", id: "npm:a@1.1.0" });
    expect(twice.duplicates).toEqual(["a@^1"]);
    expect(twice.resolve("a", "^1")?.id).toBe("npm:a@1.0.0");
  });
});

describe("parseResolutions", () => {
  it("reads the pattern forms of classic and berry", () => {
    const { rules, invalid } = parseResolutions({
      "**/a": "1.0.0",
      "@s/p/@s/c": "2.0.0",
      "p/**/c@^1": "1.5.0",
      "@types/mdx@npm:^2.0.0": "patch:x",
      "a/b/c": "3",
    });
    expect(rules).toEqual([
      { pattern: "**/a", name: "a", replacement: "1.0.0" },
      { pattern: "@s/p/@s/c", name: "@s/c", parent: "@s/p", replacement: "2.0.0" },
      { pattern: "p/**/c@^1", name: "c", range: "^1", parent: "p", replacement: "1.5.0" },
      { pattern: "@types/mdx@npm:^2.0.0", name: "@types/mdx", range: "npm:^2.0.0", replacement: "patch:x" },
    ]);
    expect(invalid).toEqual(["a/b/c"]);
  });
});
