import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LOCKFILES } from "../../../../test-support/fixtures.js";
import { isLockkeeperError, type LockkeeperError } from "../../../errors.js";
import { arrayTableLines, readToml } from "./read-toml.js";

function errorOf(content: string): LockkeeperError {
  try {
    readToml("dir/x.toml", content);
  } catch (error: unknown) {
    if (isLockkeeperError(error)) return error;
    throw error;
  }
  throw new Error("expected a parse error");
}

describe("readToml", () => {
  it("parses tables, arrays of tables and inline tables", () => {
    const doc = readToml(
      "x.toml",
      '[[package]]\nname = "a"\nsource = { registry = "r" }\n[[package]]\nname = "b"\n',
    );
    expect(doc.package).toEqual([{ name: "a", source: { registry: "r" } }, { name: "b" }]);
  });

  it.each([
    ["an unterminated array", "a = 1\nb = [1,\n", 3],
    ["a table defined twice", "x = 1\n[a]\n[a]\n", 3],
    ["a newline inside a basic string", 'a = "x\nb = 1', 1],
    ["garbage", "\u0000\u0001garbage{{{[[[\n\t:::", 1],
    ["a bare array", "[1, 2, 3]", 1],
  ])("reports %s as PARSE with the file and line", (_label, content, line) => {
    const error = errorOf(content);
    expect(error.code).toBe("PARSE");
    expect(error.file).toBe("dir/x.toml");
    expect(error.line).toBe(line);
    expect(error.message).toMatch(/^not valid TOML: /);
    // The code excerpt smol-toml appends stays out of the one-line message.
    expect(error.message).not.toContain("\n");
  });
});

describe("arrayTableLines", () => {
  it("finds the line of every [[package]] header of the real poetry.lock", () => {
    const content = readFileSync(join(LOCKFILES, "python/poetry-lock/poetry.lock"), "utf8");
    const lines = arrayTableLines(content, "package", 78);
    // grep -n '^\[\[package\]\]' poetry.lock: 78 headers, the first three at lines 3, 23 and 40.
    expect(lines).toHaveLength(78);
    expect(lines?.slice(0, 3)).toEqual([3, 23, 40]);
    expect(lines?.at(-1)).toBe(2159);
  });

  it("accepts indented headers and trailing comments, not longer names", () => {
    const content = '  [[package]] # one\nname = "a"\n[[packages]]\n[[package]]\n';
    expect(arrayTableLines(content, "package", 2)).toEqual([1, 4]);
  });

  it("gives up when the headers do not match the parsed entries", () => {
    expect(arrayTableLines('[[package]]\nx = """\n[[package]]\n"""\n', "package", 1)).toBeUndefined();
  });
});
