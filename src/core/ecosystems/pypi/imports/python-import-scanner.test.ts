import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { scanPythonImports } from "./python-import-scanner.js";

function imports(code: string): string[] {
  return scanPythonImports(code).map(
    (i) =>
      `${i.kind} ${i.specifier}@${i.line}${i.names?.length ? ` [${i.names.join(",")}]` : ""}${i.typeOnly ? " type" : ""}${i.guarded ? " guarded" : ""}`,
  );
}

describe("scanPythonImports", () => {
  const cases: [string, string, string[]][] = [
    ["import", "import os", ["static os@1"]],
    ["dotted, aliased, several", "import a.b as c, d\n", ["static a.b@1", "static d@1"]],
    ["from", "from yaml import safe_load as load, dump", ["static yaml@1 [safe_load,dump]"]],
    [
      "from parenthesised",
      "from google.cloud import (\n    storage,\n    pubsub_v1,\n)\n",
      ["static google.cloud@1 [storage,pubsub_v1]"],
    ],
    ["from star", "from x import *", ["static x@1"]],
    ["relative imports are first-party", "from . import a\nfrom .b import c\nfrom ..d import e", []],
    ["backslash continuation", "import a, \\\n    b", ["static a@1", "static b@1"]],
    ["semicolons", "x = 1; import json; import requests", ["static json@1", "static requests@1"]],
    ["indented in a function", "def f():\n    import lxml.etree\n", ["static lxml.etree@2"]],
    ["comment", "# import nothing\nimport real  # import not_this", ["static real@2"]],
    ["strings", `s = "import a"\nt = 'from b import c'\nimport d`, ["static d@3"]],
    ["triple-quoted docstring", `"""\nimport a\nfrom b import c\n"""\nimport d`, ["static d@5"]],
    ["prefixed strings", `x = rb'''\nimport a'''\ny = f"{'import b'}"\nimport c`, ["static c@4"]],
    ["f-string with nested same quotes (3.12)", `x = f"{d["k"]} import a"\nimport b`, ["static b@2"]],
    ["f-string format spec with quote", `x = f"{v:'>10}"\nimport b`, ["static b@2"]],
    ["string continued with backslash", `s = "a \\\nimport x"\nimport y`, ["static y@3"]],
    [
      "import_module and __import__",
      `importlib.import_module("m1")\n__import__('m2')\nimport_module(".rel", "pkg")`,
      ["dynamic m1@1", "dynamic m2@2"],
    ],
    [
      "TYPE_CHECKING block",
      "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import a\n    from b import C\nelse:\n    import d\nimport e",
      [
        "static typing@1 [TYPE_CHECKING]",
        "static a@3 type",
        "static b@4 [C] type",
        "static d@6",
        "static e@7",
      ],
    ],
    [
      "typing.TYPE_CHECKING one-liner",
      "if typing.TYPE_CHECKING: import a\nimport b",
      ["static a@1 type", "static b@2"],
    ],
    ["not TYPE_CHECKING is runtime", "if not TYPE_CHECKING:\n    import a", ["static a@2"]],
    [
      "try body guarded, except body not",
      "try:\n    import ujson as json\nexcept ImportError:\n    import json\n",
      ["static ujson@2 guarded", "static json@4"],
    ],
    [
      "nested blocks",
      "class A:\n    try:\n        import x\n    finally:\n        pass\n    import y",
      ["static x@3 guarded", "static y@6"],
    ],
    ["tabs", "if TYPE_CHECKING:\n\timport a\nimport b", ["static a@2 type", "static b@3"]],
    ["CRLF", "import a\r\nimport b\r\n", ["static a@1", "static b@2"]],
    ["dict and lambda colons do not split", "x = {1: 2}; f = lambda y: y; import z", ["static z@1"]],
  ];
  it.each(cases)("%s", (_, code, expected) => {
    expect(imports(code)).toEqual(expected);
  });
});

/** Python's own parser (the `ast` module) is the reference: every absolute import, with its line. */
const AST_IMPORTS = `
import ast, json, sys
out = {}
for path in sys.argv[1:]:
    with open(path, "rb") as f:
        tree = ast.parse(f.read())
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [f"{a.name}@{node.lineno}" for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            found.append(f"{node.module}@{node.lineno}")
    out[path] = sorted(found)
print(json.dumps(out))
`;

function python(args: string[]): string {
  return execFileSync("python3", args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
}

describe("scanPythonImports agrees with Python's ast on the standard library", () => {
  const stdlib = python(["-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"]).trim();
  it.each(["json", "email", "asyncio", "http", "logging", "importlib", "concurrent", "xml", "unittest"])(
    "%s",
    (pkg) => {
      const dir = join(stdlib, pkg);
      const files = readdirSync(dir, { recursive: true, encoding: "utf8" })
        .filter((name) => name.endsWith(".py"))
        .map((name) => join(dir, name));
      expect(files.length).toBeGreaterThanOrEqual(3);
      const reference = JSON.parse(python(["-c", AST_IMPORTS, ...files])) as Record<string, string[]>;
      for (const file of files) {
        const ours = scanPythonImports(readFileSync(file, "utf8"))
          .filter((i) => i.kind === "static")
          .map((i) => `${i.specifier}@${i.line}`)
          .sort();
        expect({ file, imports: ours }).toEqual({ file, imports: reference[file] });
      }
    },
  );
});
