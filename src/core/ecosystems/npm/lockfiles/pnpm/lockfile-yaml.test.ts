import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { LOCKFILES } from "../../../../../test-support/fixtures.js";
import { isLockkeeperError, type LockkeeperError } from "../../../../errors.js";
import { parseLockfileYaml } from "./lockfile-yaml.js";

const FIXTURES = ["pnpm-v5.4", "pnpm-v6", "changesets-v9"] as const;

function readLockfile(dir: string): string {
  return readFileSync(join(LOCKFILES, "pnpm", dir, "pnpm-lock.yaml"), "utf8");
}

function single(text: string): unknown {
  const { documents } = parseLockfileYaml(text, "t.yaml");
  expect(documents).toHaveLength(1);
  return documents[0]?.value;
}

function failure(text: string): LockkeeperError {
  try {
    parseLockfileYaml(text, "dir/t.yaml");
  } catch (error: unknown) {
    if (isLockkeeperError(error)) return error;
    throw error;
  }
  throw new Error(`no error for ${JSON.stringify(text)}`);
}

describe("parseLockfileYaml on real lockfiles", () => {
  for (const dir of FIXTURES) {
    it(`reads ${dir} exactly as yaml.parse does`, () => {
      const text = readLockfile(dir);
      expect(single(text)).toStrictEqual(parse(text));
    });
  }

  // Lines found with `grep -n` on the raw files.
  it.each([
    ["pnpm-v5.4", ["packages"], 3839],
    ["pnpm-v5.4", ["packages", "/@babel/helper-compilation-targets/7.18.9_@babel+core@7.18.9"], 3904],
    [
      "pnpm-v5.4",
      [
        "packages",
        "github.com/vercel/pkg/7e4fef9f0828b11c7a9655b95425f32094f2daa2_pp6fkuhwkrqq7cjcj7uqpf37e4",
      ],
      14613,
    ],
    ["pnpm-v5.4", ["importers", "packages/exe"], 793],
    ["pnpm-v6", ["packages", "/ts-node@10.9.2(@types/node@18.19.15)(typescript@5.3.3)"], 17108],
    ["pnpm-v6", ["packages", "/ts-node@10.9.2(@types/node@20.5.1)(typescript@5.3.3)"], 17139],
    ["pnpm-v6", ["time"], 18063],
    ["changesets-v9", ["lockfileVersion"], 1],
    ["changesets-v9", ["packages", "@e18e/eslint-plugin@0.6.0"], 569],
    ["changesets-v9", ["snapshots", "@e18e/eslint-plugin@0.6.0(eslint@10.8.0)"], 3085],
    ["changesets-v9", ["packages", "pnpm@10.34.5", "resolution"], 2560],
  ])("%s: line of %j is %i", (dir, path, line) => {
    const yaml = parseLockfileYaml(readLockfile(dir), "pnpm-lock.yaml");
    let container = yaml.documents[0]?.value as Record<string, unknown>;
    for (const key of path.slice(0, -1)) container = container[key] as Record<string, unknown>;
    expect(yaml.lineOf(container, path.at(-1) as string)).toBe(line);
  });
});

describe("parseLockfileYaml on tricky input", () => {
  it.each([
    ["quoted keys with ': ' and ' #'", "'a: b #c': 1\n\"d\": 2\n"],
    ["double-quoted escapes", 'a: "\\x41\\u00e9\\t\\\\\\"\\/ \\U0001F600"\n'],
    ["single-quote escapes", "a: 'it''s'\nb: ''\n"],
    [
      "comments everywhere",
      "# head\na: 1 # trailing\n  # indented comment\nb:\n  # inside\n  c: x#not-a-comment\n",
    ],
    [
      "colons inside plain scalars",
      "pkg@https://x.y/z:\n  tarball: https://codeload.github.com/a/b/tar.gz/c\n  time: a:b\n",
    ],
    [
      "flow mappings",
      "r: {integrity: sha512-abc==, tarball: 'https://x/y.tgz'}\ne: {node: '>=6.0.0', 'x y': \"z\"}\n",
    ],
    ["nested and empty flow collections", "a: {b: {c: [1, 2]}, d: [], e: {}}\nf: [a, b,]\ng: {h: , i: 1}\n"],
    [
      "core-schema scalars",
      "a: 5.4\nb: '6.0'\nc: 0o17\nd: 0x1F\ne: 1e3\nf: -.Inf\ng: .nan\nh: +12\ni: 1.\nj: 09\n",
    ],
    ["booleans and nulls", "a: true\nb: False\nc: NULL\nd: ~\ne:\nf: yes\ng: no\n"],
    ["keys that resolve to other types", "1.0: a\ntrue: b\n~: c\n0x10: d\n"],
    ["version-like strings", "a: 1.0.0\nb: 7.18.9_@babel+core@7.18.9\nc: 1.0.0(peer@1.0.0)\nd: -x\n"],
    ["block sequences", "a:\n- x\n- 'y'\nb:\n  - [1]\n  -\n  - z # c\nc: 1\n"],
    ["nested sequences and mappings", "a:\n  -\n    b: 1\n  -\n    - c\n"],
    ["a __proto__ key", "__proto__: 1\nb:\n  __proto__: {x: 1}\n"],
    ["tabs after the colon and trailing spaces", "a:\tb\nc: d   \ne:   \n  f: g\t\n"],
    ["one-space and four-space indentation", "a:\n b:\n     c: 1\n d: 2\n"],
    ["indented top-level mapping", "  a: 1\n  b: 2\n"],
    ["a document end marker", "a: 1\n...\n"],
    ["an explicit document start", "---\na: 1\n"],
    ["a value named like a marker", "a: ---\n---b: 1\n"],
  ])("%s", (_name, text) => {
    expect(single(text)).toStrictEqual(parse(text));
  });

  it("reads CRLF line ends and a byte-order mark", () => {
    const text = "\ufeffa: 1\r\nb:\r\n  c: x\r\n";
    expect(single(text)).toStrictEqual({ a: 1, b: { c: "x" } });
  });

  it("reads every document of a multi-document file (pnpm ≥ 10 env document first)", () => {
    const text = [
      "---",
      "lockfileVersion: '9.0'",
      "importers:",
      "  .:",
      "    packageManagerDependencies:",
      "      pnpm: {specifier: 10.0.0, version: 10.0.0}",
      "",
      "---",
      "lockfileVersion: '9.0'",
      "importers:",
      "  .: {}",
      "",
    ].join("\n");
    const { documents } = parseLockfileYaml(text, "t.yaml");
    expect(documents.map((d) => d.value)).toStrictEqual(parseAllDocuments(text).map((d) => d.toJS()));
    expect(documents.map((d) => d.line)).toStrictEqual([2, 9]);
  });

  it("reads an empty or comment-only file as no documents", () => {
    expect(parseLockfileYaml("", "t.yaml").documents).toStrictEqual([]);
    expect(parseLockfileYaml("# nothing\n\n", "t.yaml").documents).toStrictEqual([]);
  });

  it("keeps key lines for the top three levels only", () => {
    const yaml = parseLockfileYaml("a:\n  b:\n    c:\n      d: 1\n", "t.yaml");
    const document = yaml.documents[0]?.value as { a: { b: { c: object } } };
    const a = document.a;
    expect(yaml.lineOf(a, "b")).toBe(2);
    expect(yaml.lineOf(a.b, "c")).toBe(3);
    expect(yaml.lineOf(a.b.c, "d")).toBeUndefined();
  });
});

describe("parseLockfileYaml rejects what it does not understand", () => {
  it.each([
    ["an anchor", "a: 1\nb: &x 1\n", 2],
    ["an alias", "a: *x\n", 1],
    ["a tag", "a: !!str 1\n", 1],
    ["a literal block scalar", "a: |\n  text\n", 1],
    ["a folded block scalar", "a: >-\n  text\n", 1],
    ["a multi-line plain scalar", "a: x\n  y\n", 2],
    ["a flow mapping over two lines", "a: {b: 1,\n  c: 2}\n", 1],
    ["a quoted string over two lines", "a: 'x\n  y'\n", 1],
    ["a duplicate key", "a: 1\nb:\n  c: 1\n  c: 2\n", 4],
    ["a duplicate key in a flow mapping", "a: {b: 1, b: 2}\n", 1],
    ["a dedent to no enclosing level", "a:\n    b: 1\n  c: 2\n", 3],
    ["tab indentation", "a:\n\tb: 1\n", 2],
    ["a complex key", "? a\n: b\n", 1],
    ["a mapping on the same line as a key", "a: b: c\n", 1],
    ["a top-level scalar", "just text\n", 1],
    ["a top-level flow sequence", "[1, 2, 3]\n", 1],
    ["an unterminated flow mapping", "{", 1],
    ["a mapping inside a sequence item", "a:\n  - b: 1\n", 2],
    ["a control character", "a: 1\nb: x\u0001y\n", 2],
    ["a directive", "%YAML 1.2\n---\na: 1\n", 1],
    ["an invalid escape", 'a: "\\q"\n', 1],
    ["a flow key without a value", "a: {b}\n", 1],
    ["text after a quoted value", "a: 'x' y\n", 1],
    ["a comment glued to a flow collection", "a: [x]#c\n", 1],
    ["content on the document start line", "--- a: 1\n", 1],
    ["a sequence where a key was expected", "a: 1\n- b\n", 2],
    ["a reserved indicator", "a: @x\n", 1],
  ])("%s", (_name, text, line) => {
    const error = failure(text);
    expect(error.code).toBe("PARSE");
    expect(error.file).toBe("dir/t.yaml");
    expect(error.line).toBe(line);
    expect(error.message).toMatch(/^YAML: /);
  });
});
