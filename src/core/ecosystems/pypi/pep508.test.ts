import { describe, expect, it } from "vitest";
import { type Pep508Requirement, parsePep508 } from "./pep508.js";

/** A requirement with no extras, so cases list only what they are about and `toEqual` checks the rest. */
function req(name: string, fields: Partial<Pep508Requirement> = {}): Pep508Requirement {
  return { name, extras: [], ...fields };
}

describe("parsePep508", () => {
  // From pyproject.toml, poetry.lock, wheel metadata and requirements files.
  it.each<[string, Pep508Requirement]>([
    ["requests", req("requests")],
    ["zope.interface", req("zope.interface")],
    ["Django~=4.2", req("Django", { specifier: "~=4.2" })],
    ["Django==4.2", req("Django", { specifier: "==4.2", version: "4.2" })],
    ["foo===1.0-local", req("foo", { specifier: "===1.0-local", version: "1.0-local" })],
    ["foo==1.*", req("foo", { specifier: "==1.*" })],
    ["jaraco.packaging>= 9.3", req("jaraco.packaging", { specifier: ">=9.3" })],
    ["requests >= 2.0 , < 3", req("requests", { specifier: ">=2.0,<3" })],
    // Parentheses around the specifiers (poetry.lock, older metadata).
    ["foo (>=1.0)", req("foo", { specifier: ">=1.0" })],
    ["build (>=1.2.1,<2.0.0)", req("build", { specifier: ">=1.2.1,<2.0.0" })],
    [
      "cachecontrol[filecache] (>=0.14.0,<0.15.0)",
      req("cachecontrol", { extras: ["filecache"], specifier: ">=0.14.0,<0.15.0" }),
    ],
    [
      "pbs-installer[download, install] (>=2025.6.10)",
      req("pbs-installer", { extras: ["download", "install"], specifier: ">=2025.6.10" }),
    ],
    [
      "celery[redis, sqs]==5.6.3",
      req("celery", { extras: ["redis", "sqs"], specifier: "==5.6.3", version: "5.6.3" }),
    ],
    // Markers.
    [
      "tomli (>=2.0.1,<3.0.0) ; python_version < '3.11'",
      req("tomli", { specifier: ">=2.0.1,<3.0.0", markers: "python_version < '3.11'" }),
    ],
    [
      'importlib-metadata==8.7.1 ; python_version < "3.10"',
      req("importlib-metadata", {
        specifier: "==8.7.1",
        version: "8.7.1",
        markers: 'python_version < "3.10"',
      }),
    ],
    [
      'brotli ; platform_python_implementation == "CPython"',
      req("brotli", { markers: 'platform_python_implementation == "CPython"' }),
    ],
    // Direct references: the URL ends at whitespace, so a `;` inside it is part of it.
    [
      "poetry-core @ git+https://github.com/python-poetry/poetry-core.git",
      req("poetry-core", { url: "git+https://github.com/python-poetry/poetry-core.git" }),
    ],
    [
      'pkg @ https://example.org/pkg-1.0.tar.gz ; sys_platform == "linux"',
      req("pkg", { url: "https://example.org/pkg-1.0.tar.gz", markers: 'sys_platform == "linux"' }),
    ],
    [
      "pkg @ https://example.com/a;b.whl ; sys_platform == 'linux'",
      req("pkg", { url: "https://example.com/a;b.whl", markers: "sys_platform == 'linux'" }),
    ],
  ])("reads %s", (text, expected) => {
    expect(parsePep508(text)).toEqual(expected);
  });

  it.each([
    ["", "empty requirement"],
    ["-oops", "a project name must start with a letter or digit"],
    ["{{{", "a project name must start with a letter or digit"],
    ["MIT License", 'invalid version specifier "License"'],
    ["name extra-words", 'invalid version specifier "extra-words"'],
    ["foo = 1.0", "invalid version specifier"],
    ["django^4.2", 'invalid version specifier "^4.2"'],
    ["foo>=1,", 'invalid version specifier ""'],
    ["name[unclosed", "unclosed extras bracket"],
    ["foo[bar==1", "unclosed extras bracket"],
    ["foo[a b]", "invalid extra name"],
    ["foo==1 ;", "empty environment marker"],
    ["name @ ", "`@` without a URL"],
    ["name @ url trailing", "unexpected text after the URL: trailing"],
  ])("rejects %j: %s", (text, reason) => {
    const parsed = parsePep508(text);
    expect(typeof parsed).toBe("string");
    expect(parsed).toContain(reason);
  });
});
