import { describe, expect, it } from "vitest";
import {
  constraintLock,
  conventionalProdLayers,
  includePath,
  pathCandidates,
  scopeFromFileName,
  siblingInput,
} from "./layering.js";

describe("scopeFromFileName", () => {
  it.each([
    ["requirements.txt", "prod"],
    ["requirements/main.txt", "prod"],
    ["requirements/deploy.txt", "prod"],
    ["requirements/dev.txt", "dev"],
    ["requirements/tests.in", "dev"],
    ["requirements/lint.txt", "dev"],
    ["requirements/docs-user.txt", "dev"],
    ["requirements-dev.txt", "dev"],
    ["dev-requirements.txt", "dev"],
    ["requirements_test.txt", "dev"],
    ["requirements.testing.txt", "dev"],
    ["typing.txt", "dev"],
    ["ci.txt", "dev"],
    // Words, not substrings: these are production files.
    ["devices.txt", "prod"],
    ["specific.txt", "prod"],
    ["contest.txt", "prod"],
  ])("%s → %s", (path, scope) => {
    expect(scopeFromFileName(path)).toBe(scope);
  });
});

describe("layer paths", () => {
  it("maps a dev lock to its input and to conventional prod locks beside it", () => {
    expect(siblingInput("requirements/dev.txt")).toBe("requirements/dev.in");
    expect(siblingInput("requirements/dev.in")).toBeUndefined();
    expect(conventionalProdLayers("requirements/dev.txt")).toEqual([
      "requirements/main.txt",
      "requirements/base.txt",
      "requirements/prod.txt",
      "requirements/production.txt",
      "requirements/requirements.txt",
    ]);
    expect(conventionalProdLayers("requirements-dev.txt")).toContain("requirements.txt");
    expect(constraintLock("main.in")).toBe("main.txt");
  });

  it("resolves -r paths from the including file, annotations also from the project root", () => {
    expect(pathCandidates("requirements/dev.txt", "main.txt", false)).toEqual(["requirements/main.txt"]);
    expect(pathCandidates("requirements/dev.txt", "../base.txt", false)).toEqual(["base.txt"]);
    expect(pathCandidates("requirements/dev.txt", "requirements/main.txt", true)).toEqual([
      "requirements/requirements/main.txt",
      "requirements/main.txt",
    ]);
    expect(pathCandidates("a/b.txt", "/abs/c.txt", false)).toEqual(["/abs/c.txt"]);
    expect(pathCandidates("a/b.txt", "/abs/c.txt", true)).toEqual(["/abs/c.txt"]);
    expect(includePath("requirements/dev.in", "../base.in")).toBe("base.in");
    expect(includePath("dev.in", "C:/shared/base.in")).toBe("C:/shared/base.in");
  });
});
