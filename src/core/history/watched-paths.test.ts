import { describe, expect, it } from "vitest";
import { LOCKFILE_FIXTURES } from "../../test-support/fixtures.js";
import { parseFixture } from "../../test-support/parse-fixture.js";
import { lockfileParsers } from "../ecosystems/index.js";
import { isWatchedPath, lockfileParserAt, watchedPathspecs } from "./watched-paths.js";

describe("watched paths", () => {
  const fixtures = Object.entries(LOCKFILE_FIXTURES).flatMap(([format, list]) =>
    list.map((fixture) => ({ format, ...fixture })),
  );

  it.each(fixtures)("$format $dir/$lockfile and the manifests it reads are watched", (fixture) => {
    const parser = lockfileParsers().find((p) => p.format === fixture.format);
    if (!parser) throw new Error(`no parser for ${fixture.format}`);
    const snapshot = parseFixture(parser, fixture);
    expect(isWatchedPath(fixture.lockfile)).toBe(true);
    for (const manifest of snapshot.lockfile.manifests) expect(isWatchedPath(manifest), manifest).toBe(true);
  });

  it.each([
    ["requirements/main.txt", true],
    ["Pipfile", true],
    ["sub/dir/PIPFILE.LOCK", true],
    ["docs/index.rst", false],
    ["node_modules/left-pad/package.json", false],
    [".venv/lib/requirements.txt", false],
    [".in", false],
  ])("%s watched: %s", (path, expected) => {
    expect(isWatchedPath(path)).toBe(expected);
  });

  it("writes pathspecs from the root with the directory as prefix, skipped directories excluded", () => {
    const specs = watchedPathspecs("services/api/");
    expect(specs).toContain(":(top,glob,icase)services/api/**/package-lock.json");
    expect(specs).toContain(":(top,glob,icase)services/api/**/*.txt");
    expect(specs).toContain(":(top,glob,exclude)services/api/**/node_modules/**");
  });

  it("detects like the disk: a pip-tools input beside its lock is not a lockfile, and .txt files are sniffed", () => {
    const tree = new Map([
      ["requirements/main.in", "flask\n"],
      ["requirements/main.txt", "flask==3.0.0\n"],
      ["requirements/extra.in", "rich\n"],
      ["docs/notes.txt", "Some prose about the project.\nNothing to install here.\n"],
    ]);
    const at = (path: string) =>
      lockfileParserAt(
        path,
        (p) => tree.has(p),
        () => tree.get(path),
      )?.format;
    expect(at("requirements/main.in")).toBeUndefined();
    expect(at("requirements/main.txt")).toBe("requirements");
    expect(at("requirements/extra.in")).toBe("requirements-in");
    expect(at("docs/notes.txt")).toBeUndefined();
  });
});
