import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FIXTURES } from "../../../../../test-support/fixtures.js";
import { isLockkeeperError } from "../../../../errors.js";
import { DiskFiles, MemoryFiles } from "../../../../files/project-files.js";
import { parseRequirementsDocument } from "../../requirements/requirements-document.js";
import { addRequirementLine, chooseInputFile } from "./input-files.js";

const WAREHOUSE = join(FIXTURES, "lockfiles/python/warehouse-pip-compile");
const copies: string[] = [];
afterAll(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

/** The real warehouse layout in a temp directory, optionally with files changed. */
function warehouseCopy(changes: Record<string, string> = {}): DiskFiles {
  const dir = mkdtempSync(join(tmpdir(), "lk-pip-tools-"));
  copies.push(dir);
  cpSync(WAREHOUSE, dir, { recursive: true });
  for (const [path, content] of Object.entries(changes)) writeFileSync(join(dir, path), content);
  return new DiskFiles(dir);
}

function errorOf(run: () => unknown): { code: string; message: string; hint?: string } {
  try {
    run();
  } catch (error: unknown) {
    if (isLockkeeperError(error)) return { code: error.code, message: error.message, hint: error.hint ?? "" };
    throw error;
  }
  throw new Error("expected a LockkeeperError");
}

describe("chooseInputFile on warehouse's real layers", () => {
  it("edits main.in for production and dev.in for --dev", () => {
    const files = warehouseCopy();
    expect(chooseInputFile(files, { dev: false })).toEqual({
      inFile: "requirements/main.in",
      outFile: "requirements/main.txt",
      dependents: [],
    });
    expect(chooseInputFile(files, { dev: true })).toEqual({
      inFile: "requirements/dev.in",
      outFile: "requirements/dev.txt",
      dependents: [],
    });
  });

  it("lists the layers constrained on the chosen one, to compile after it", () => {
    const dev = readFileSync(join(WAREHOUSE, "requirements/dev.in"), "utf8");
    const tests = readFileSync(join(WAREHOUSE, "requirements/tests.in"), "utf8");
    const files = warehouseCopy({
      "requirements/dev.in": `-c main.txt\n${dev}`,
      "requirements/tests.in": `-c dev.txt\n${tests}`,
      // deploy sits on main: it is not where production requirements go.
      "requirements/deploy.in": "-c main.txt\ngunicorn\n",
    });
    expect(chooseInputFile(files, { dev: false }).dependents.map((layer) => layer.inFile)).toEqual([
      "requirements/deploy.in",
      "requirements/dev.in",
      "requirements/tests.in",
    ]);
  });

  it("takes --in-file as given when it exists", () => {
    const files = warehouseCopy();
    expect(chooseInputFile(files, { dev: true, inFile: "requirements/lint.in" })).toMatchObject({
      inFile: "requirements/lint.in",
      outFile: "requirements/lint.txt",
    });
    expect(
      errorOf(() => chooseInputFile(files, { dev: true, inFile: "requirements/lint.txt" })),
    ).toMatchObject({
      code: "USAGE",
    });
    expect(
      errorOf(() => chooseInputFile(files, { dev: true, inFile: "requirements/nope.in" })),
    ).toMatchObject({
      code: "NOT_FOUND",
    });
  });
});

describe("chooseInputFile on other layouts", () => {
  it.each<[string, Record<string, string>, boolean, string, string[]]>([
    [
      "root requirements.in with a dev layer on it",
      { "requirements.in": "flask\n", "requirements-dev.in": "-c requirements.txt\npytest\n" },
      false,
      "requirements.in",
      ["requirements-dev.in"],
    ],
    [
      "the dev layer of that layout",
      { "requirements.in": "flask\n", "requirements-dev.in": "-c requirements.txt\npytest\n" },
      true,
      "requirements-dev.in",
      [],
    ],
    [
      "base.in before the prod.in that includes it",
      {
        "requirements/base.in": "django\n",
        "requirements/prod.in": "-r base.in\ngunicorn\n",
        "requirements/tests.in": "-c prod.txt\npytest\n",
      },
      false,
      "requirements/base.in",
      ["requirements/prod.in", "requirements/tests.in"],
    ],
    [
      "tests.in when there is no dev.in",
      {
        "requirements/main.in": "flask\n",
        "requirements/tests.in": "pytest\n",
        "requirements/lint.in": "ruff\n",
      },
      true,
      "requirements/tests.in",
      [],
    ],
    [
      "dev_requirements.in",
      { "requirements.in": "flask\n", "dev_requirements.in": "pytest\n" },
      true,
      "dev_requirements.in",
      [],
    ],
    [
      "a single production layer with an unconventional name, found through -c",
      { "requirements/app.in": "flask\n", "requirements/dev.in": "-c app.txt\npytest\n" },
      false,
      "requirements/app.in",
      ["requirements/dev.in"],
    ],
    [
      "a layer constrained by a shared constraints file (no .in behind it) is still a base",
      { "requirements/deploy.in": "-c ../constraints.txt\ngunicorn\n", "constraints.txt": "gunicorn<22\n" },
      false,
      "requirements/deploy.in",
      [],
    ],
  ])("%s", (_name, files, dev, inFile, dependents) => {
    const layer = chooseInputFile(new MemoryFiles(files), { dev });
    expect(layer.inFile).toBe(inFile);
    expect(layer.outFile).toBe(inFile.replace(/\.in$/, ".txt"));
    expect(layer.dependents.map((dependent) => dependent.inFile)).toEqual(dependents);
  });

  it.each<[string, Record<string, string>, boolean, string, string[]]>([
    [
      "two dev.in",
      { "dev.in": "a\n", "requirements/dev.in": "b\n" },
      true,
      "USAGE",
      ["dev.in", "requirements/dev.in"],
    ],
    [
      "two unranked prod layers",
      { "requirements/common.in": "a\n", "requirements/deploy.in": "b\n" },
      false,
      "USAGE",
      ["requirements/common.in", "requirements/deploy.in"],
    ],
    ["no dev layer", { "requirements/main.in": "a\n" }, true, "NOT_FOUND", ["requirements/main.in"]],
    ["nothing at all", { "setup.py": "" }, false, "NOT_FOUND", []],
  ])("%s → %s naming the candidates", (_name, files, dev, code, named) => {
    const error = errorOf(() => chooseInputFile(new MemoryFiles(files), { dev }));
    expect(error.code).toBe(code);
    for (const path of named) expect(error.message).toContain(path);
    expect(error.hint).toContain("--in-file");
  });
});

describe("addRequirementLine", () => {
  const mainIn = readFileSync(join(WAREHOUSE, "requirements/main.in"), "utf8");

  it("appends to warehouse's unsorted main.in and leaves every other byte alone", () => {
    const added = addRequirementLine(mainIn, "flask>=3");
    expect(added).toEqual({ text: `${mainIn}flask>=3\n`, replaced: false });
  });

  it.each([
    [
      "Kombu[redis]>=5.6",
      "kombu[redis]  # https://github.com/jazzband/pip-tools/issues/1577",
      "Kombu[redis]>=5.6  # https://github.com/jazzband/pip-tools/issues/1577",
    ],
    ["Zope_SQLAlchemy>=4", "zope.sqlalchemy", "Zope_SQLAlchemy>=4"],
    ["pyjwt[crypto]>=2.14", "PyJWT[crypto]>=2.13.0", "pyjwt[crypto]>=2.14"],
  ])("replaces the line of the same package: %s", (requirement, before, after) => {
    const added = addRequirementLine(mainIn, requirement);
    expect(added.replaced).toBe(true);
    expect(added.previous).toBe(before.replace(/\s+#.*$/, ""));
    expect(added.text).toBe(mainIn.replace(`\n${before}\n`, `\n${after}\n`));
    expect(parseRequirementsDocument(added.text).entries).toHaveLength(
      parseRequirementsDocument(mainIn).entries.length,
    );
  });

  it.each([
    [
      "sorted, CRLF: in its place",
      "# web\r\nflask\r\n# db\r\nsqlalchemy\r\n",
      "pytest",
      "# web\r\nflask\r\npytest\r\n# db\r\nsqlalchemy\r\n",
    ],
    [
      "sorted: before the first",
      "# web\nflask\nsqlalchemy\n",
      "aiohttp",
      "# web\naiohttp\nflask\nsqlalchemy\n",
    ],
    ["no final newline", "-c main.txt\nfoo", "bar", "-c main.txt\nfoo\nbar\n"],
    [
      "after the last requirement, before trailing comments",
      "b\na\n\n# a note\n",
      "c",
      "b\na\nc\n\n# a note\n",
    ],
    ["only options", "-c main.txt\n", "bar==1.0", "-c main.txt\nbar==1.0\n"],
    ["empty file", "", "bar", "bar\n"],
    [
      "a continued line, keeping its comment",
      "foo \\\n    >=1.0  # pinned\nbar\n",
      "foo>=2",
      "foo>=2  # pinned\nbar\n",
    ],
    ["markers kept as written", "a\n", 'b ; python_version < "3.12"', 'a\nb ; python_version < "3.12"\n'],
  ])("%s", (_name, text, requirement, expected) => {
    expect(addRequirementLine(text, requirement).text).toBe(expected);
  });

  it.each([
    ["not a requirement", "a\n", "!!nope"],
    ["a URL without a name", "a\n", "./libs/thing"],
    ["a package on two lines", 'foo ; python_version < "3"\nfoo>=2 ; python_version >= "3"\n', "foo"],
  ])("refuses %s", (_name, text, requirement) => {
    expect(errorOf(() => addRequirementLine(text, requirement)).code).toBe("USAGE");
  });
});
