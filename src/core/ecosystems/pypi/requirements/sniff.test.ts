import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LOCKFILES } from "../../../../test-support/fixtures.js";
import { requirementsParser } from "../lockfiles/requirements.js";
import { requirementsInParser } from "../lockfiles/requirements-in.js";
import { sniffRequirements } from "./sniff.js";

const python = (path: string): string => readFileSync(join(LOCKFILES, "python", path), "utf8");
const strict = (content: string): boolean => sniffRequirements(content, { bareNamesSuffice: false });
const lenient = (content: string): boolean => sniffRequirements(content, { bareNamesSuffice: true });

describe("sniffRequirements", () => {
  it("accepts every real requirements file and input", () => {
    for (const file of ["main", "dev", "tests", "lint", "deploy"]) {
      expect(strict(python(`warehouse-pip-compile/requirements/${file}.txt`)), file).toBe(true);
      expect(lenient(python(`warehouse-pip-compile/requirements/${file}.in`)), file).toBe(true);
    }
    expect(strict(python("pygoat-requirements/requirements.txt"))).toBe(true);
  });

  it("accepts options, URLs and markers as signs of a requirements file", () => {
    expect(strict("--index-url https://pypi.org/simple\nflask\n")).toBe(true);
    expect(strict("-e .\n")).toBe(true);
    expect(strict('flask>=2 ; python_version >= "3.8"\n')).toBe(true);
    expect(strict("# pinned\nrequests==2.31.0\n")).toBe(true);
  });

  const notRequirements: [string, string][] = [
    ["README.txt", "My project\n==========\n\nThis is a readme.\n"],
    ["LICENSE.txt", "MIT License\n\nCopyright (c) 2024 Someone\n"],
    ["CMakeLists.txt", "cmake_minimum_required(VERSION 3.10)\nproject(foo)\n"],
    ["robots.txt", "User-agent: *\nDisallow: /\n"],
    ["version.txt", "1.2.3\n"],
    ["stopwords.txt", "a\nabout\nabove\nafter\n"],
    ["notes.txt", "todo ; remember the milk\n"],
    ["empty.txt", "# only a comment\n\n"],
    ["binary.txt", "flask==1\u0000\u0001"],
  ];
  for (const [name, content] of notRequirements) {
    it(`rejects ${name}`, () => {
      expect(strict(content)).toBe(false);
    });
  }

  it("lets `.in` files be bare names but not MANIFEST.in, Makefile.in or config.h.in", () => {
    expect(lenient("gunicorn\nddtrace\n")).toBe(true);
    expect(lenient("include README.md\nrecursive-include src *.py\n")).toBe(false);
    expect(lenient("prefix = @prefix@\nall: build\n")).toBe(false);
    expect(lenient("#undef HAVE_FOO\n#define BAR 1\n")).toBe(false);
  });
});

describe("parser sniffing", () => {
  it("claims any .txt by name but needs content for names that do not say requirements", () => {
    expect(requirementsParser.matchesFileName("requirements-dev.txt")).toBe(true);
    expect(requirementsParser.matchesFileName("pinned.txt")).toBe(true);
    expect(requirementsParser.matchesFileName("requirements.in")).toBe(false);
    expect(requirementsInParser.matchesFileName("requirements.in")).toBe(true);
    expect(requirementsParser.sniff?.("flask\ngunicorn\n")).toBe(false);
    // When the caller passes the name, a requirements-named file needs no pins.
    expect(requirementsParser.sniff?.("flask\ngunicorn\n", "requirements.txt")).toBe(true);
    expect(requirementsParser.sniff?.("flask\ngunicorn\n", "words.txt")).toBe(false);
  });
});
