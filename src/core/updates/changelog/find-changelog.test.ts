import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { strToU8, zipSync } from "fflate";
import { afterAll, assert, describe, expect, it } from "vitest";
import { packTarball } from "../../ecosystems/npm/registry/test-support/tarball.js";
import { npmVersioning } from "../../ecosystems/npm/versioning.js";
import { pep440Versioning } from "../../ecosystems/pypi/versioning.js";
import { excerptChangelog, renderExcerptMarkdown } from "./changelog-excerpt.js";
import { changelogFromArchive, formatOf, pickChangelogPath } from "./find-changelog.js";

const fixture = (name: string): string => readFileSync(join(import.meta.dirname, "fixtures", name), "utf8");

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("pickChangelogPath", () => {
  it.each([
    {
      paths: ["package/package.json", "package/HISTORY.md", "package/CHANGELOG.md"],
      picked: "package/CHANGELOG.md",
    },
    { paths: ["package/History.md", "package/changes.rst"], picked: "package/changes.rst" },
    { paths: ["package/NEWS", "package/HISTORY"], picked: "package/HISTORY" },
    { paths: ["package/RELEASES.md", "package/NEWS.txt"], picked: "package/NEWS.txt" },
    {
      paths: ["package/CHANGES.txt", "package/CHANGES", "package/CHANGES.rst"],
      picked: "package/CHANGES.rst",
    },
    { paths: ["package/changelog.rst", "package/Changelog.markdown"], picked: "package/Changelog.markdown" },
    { paths: ["package/CHANGES", "package/CHANGES.txt"], picked: "package/CHANGES.txt" },
    // Only the package root counts; docs/ is a fallback.
    { paths: ["package/lib/CHANGELOG.md", "package/README.md"], picked: undefined },
    { paths: ["package/docs/changelog.rst", "package/NEWS"], picked: "package/NEWS" },
    {
      paths: ["widget-2.1.0/docs/changes.rst", "widget-2.1.0/setup.py"],
      picked: "widget-2.1.0/docs/changes.rst",
    },
    // No single top folder (a wheel): the archive root is the package root.
    {
      paths: ["widget/__init__.py", "widget-2.1.0.dist-info/METADATA", "CHANGELOG.md"],
      picked: "CHANGELOG.md",
    },
    { paths: ["a/CHANGELOG.md", "b/index.js"], picked: undefined },
    { paths: ["package/CHANGELOG.md.orig", "package/changelog.html"], picked: undefined },
  ])("$paths → $picked", ({ paths, picked }) => {
    expect(pickChangelogPath(paths)).toBe(picked);
  });
});

describe("formatOf", () => {
  it.each([
    {
      path: "CHANGELOG.md",
      text: "Title\n~~~~~\n",
      format: "markdown" as const,
      why: ".md wins over reST looks",
    },
    { path: "CHANGES.rst", text: "# 1.0\n", format: "rst" as const, why: ".rst wins over an ATX heading" },
    { path: "CHANGES", text: "1.0\n~~~\n\n- x\n", format: "rst" as const, why: "a ~ underline" },
    { path: "HISTORY.txt", text: "## 1.0\n\n- x\n", format: "markdown" as const, why: "an ATX heading" },
    { path: "NEWS", text: "1.0\n---\n\n* ``x`` fixed\n", format: "rst" as const, why: "a ``literal``" },
    { path: "NEWS", text: "1.0\n===\n\n- x\n", format: "markdown" as const, why: "readable either way" },
    { path: "NEWS", text: "```\n~~~~\n```\n# 1.0\n", format: "markdown" as const, why: "fences skipped" },
  ])("$path: $why", ({ path, text, format }) => {
    expect(formatOf(path, text)).toBe(format);
  });
});

describe("changelogFromArchive", () => {
  it("finds the changelog of an npm tarball and excerpts it between two versions", () => {
    const tgz = packTarball({
      "package.json": JSON.stringify({ name: "uuid", version: "8.3.2" }),
      "README.md": "# uuid\n",
      "CHANGELOG.md": fixture("uuid-CHANGELOG.md"),
      "dist/CHANGELOG.md": "## 99.0.0\n",
    });
    const changelog = changelogFromArchive(tgz, "tgz");
    expect(changelog?.path).toBe("package/CHANGELOG.md");
    expect(changelog?.format).toBe("markdown");
    const excerpt = excerptChangelog(changelog?.text ?? "", {
      format: "markdown",
      scheme: npmVersioning,
      from: "8.1.0",
      to: "8.3.1",
    });
    expect(excerpt?.releases.map((release) => release.version)).toEqual(["8.3.1", "8.3.0", "8.2.0"]);
    assert.exists(excerpt);
    const markdown = renderExcerptMarkdown(excerpt);
    expect(markdown.split("\n").filter((line) => line.startsWith("### "))).toEqual([
      "### 8.3.1",
      "### 8.3.0",
      "### 8.2.0",
    ]);
    expect(markdown).toContain("- support expo>=39.0.0");
  });

  it("finds an extension-less reST changelog in an sdist written by GNU tar", () => {
    const root = mkdtempSync(join(tmpdir(), "lk-sdist-"));
    dirs.push(root);
    mkdirSync(join(root, "widget-2.1.0", "docs"), { recursive: true });
    writeFileSync(
      join(root, "widget-2.1.0", "CHANGES"),
      fixture("towncrier-CHANGES.rst").replaceAll("\n", "\r\n"),
    );
    writeFileSync(join(root, "widget-2.1.0", "docs", "changelog.md"), "## 0.1.0\n");
    writeFileSync(join(root, "widget-2.1.0", "PKG-INFO"), "Name: widget\n");
    execFileSync("tar", ["-czf", join(root, "widget-2.1.0.tar.gz"), "-C", root, "widget-2.1.0"]);

    const changelog = changelogFromArchive(readFileSync(join(root, "widget-2.1.0.tar.gz")), "tgz");
    expect(changelog).toEqual({
      path: "widget-2.1.0/CHANGES",
      text: fixture("towncrier-CHANGES.rst"),
      format: "rst",
    });
    const excerpt = excerptChangelog(changelog?.text ?? "", {
      format: "rst",
      scheme: pep440Versioning,
      from: "2.0.0",
      to: "2.1.0",
    });
    expect(excerpt?.releases.map((release) => release.version)).toEqual(["2.1.0", "2.1.0rc1"]);
  });

  it("reads zipped archives, falls back to docs/, strips a byte-order mark, and says when there is none", () => {
    const sdist = zipSync({
      "widget-2.1.0/setup.py": strToU8(""),
      "widget-2.1.0/docs/changelog.rst": strToU8("\uFEFF2.1.0\n=====\n\n- zipped\n"),
    });
    expect(changelogFromArchive(sdist, "zip")).toEqual({
      path: "widget-2.1.0/docs/changelog.rst",
      text: "2.1.0\n=====\n\n- zipped\n",
      format: "rst",
    });
    const wheel = zipSync({
      "widget/__init__.py": strToU8(""),
      "widget-2.1.0.dist-info/METADATA": strToU8(""),
    });
    expect(changelogFromArchive(wheel, "zip")).toBeUndefined();
    expect(changelogFromArchive(packTarball({ "index.js": "" }), "tgz")).toBeUndefined();
  });
});
