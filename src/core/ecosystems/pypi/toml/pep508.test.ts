import { describe, expect, it } from "vitest";
import { parsePep508 } from "./pep508.js";

describe("parsePep508", () => {
  it.each([
    ["requests", { name: "requests", extras: [] }],
    ["build (>=1.2.1,<2.0.0)", { name: "build", extras: [], specifier: ">=1.2.1,<2.0.0" }],
    [
      "cachecontrol[filecache] (>=0.14.0,<0.15.0)",
      { name: "cachecontrol", extras: ["filecache"], specifier: ">=0.14.0,<0.15.0" },
    ],
    [
      "tomli (>=2.0.1,<3.0.0) ; python_version < '3.11'",
      { name: "tomli", extras: [], specifier: ">=2.0.1,<3.0.0", marker: "python_version < '3.11'" },
    ],
    [
      "pbs-installer[download, install] (>=2025.6.10)",
      { name: "pbs-installer", extras: ["download", "install"], specifier: ">=2025.6.10" },
    ],
    [
      "poetry-core @ git+https://github.com/python-poetry/poetry-core.git",
      { name: "poetry-core", extras: [], url: "git+https://github.com/python-poetry/poetry-core.git" },
    ],
    [
      "pkg @ https://example.com/a;b.whl ; sys_platform == 'linux'",
      { name: "pkg", extras: [], url: "https://example.com/a;b.whl", marker: "sys_platform == 'linux'" },
    ],
    ["jaraco.packaging>= 9.3", { name: "jaraco.packaging", extras: [], specifier: ">=9.3" }],
    [
      'brotli ; platform_python_implementation == "CPython"',
      {
        name: "brotli",
        extras: [],
        marker: 'platform_python_implementation == "CPython"',
      },
    ],
    ["Django~=4.2", { name: "Django", extras: [], specifier: "~=4.2" }],
  ])("reads %s", (text, expected) => {
    expect(parsePep508(text)).toEqual(expected);
  });

  it.each(["", "-oops", "name extra-words", "name[unclosed", "name @ ", "name @ url trailing"])(
    "rejects %j",
    (text) => {
      expect(parsePep508(text)).toBeUndefined();
    },
  );
});
