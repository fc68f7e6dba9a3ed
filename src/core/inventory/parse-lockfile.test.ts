import { describe, expect, it } from "vitest";
import type { LockfileParser } from "../ecosystems/types.js";
import { isLockkeeperError } from "../errors.js";
import { MemoryFiles } from "../files/project-files.js";
import { parseLockfile } from "./parse-lockfile.js";

describe("parseLockfile", () => {
  it("turns a parser's stack overflow on a deeply nested file into a PARSE error naming it", () => {
    const recurse = (depth: number): number => (depth === 0 ? 0 : 1 + recurse(depth - 1));
    const parser = {
      format: "toy",
      ecosystem: "npm",
      description: "recurses once per level of nesting",
      matchesFileName: () => true,
      parse: ({ content }) => {
        recurse(content.length);
        throw new Error("unreachable");
      },
    } as LockfileParser;
    let error: unknown;
    try {
      parseLockfile(parser, {
        path: "deep.lock",
        content: "[".repeat(1_000_000),
        files: new MemoryFiles({}),
      });
    } catch (caught: unknown) {
      error = caught;
    }
    expect(isLockkeeperError(error) && error.code).toBe("PARSE");
    expect(isLockkeeperError(error) && error.describe()).toMatch(
      /^deep\.lock: nested too deeply or too large to read \(Maximum call stack size exceeded\)$/,
    );
  });
});
