import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../../../test-support/fixtures.js";
import { scanJsImports } from "./js-import-scanner.js";

/** `${` written as "$" + "{" in JavaScript sources under test, which are plain strings here. */
const S = "$" + "{";

/** `specifier@line` plus flags, compact enough for table rows. */
function imports(code: string, jsx = true): string[] {
  return scanJsImports(code, { jsx }).map(
    (i) => `${i.kind} ${i.specifier}@${i.line}${i.typeOnly ? " type" : ""}${i.guarded ? " guarded" : ""}`,
  );
}

describe("scanJsImports: import forms", () => {
  const cases: [string, string, string[]][] = [
    ["default", `import a from "a";`, ["static a@1"]],
    ["named, multi-line", `import {\n  x,\n  y as z,\n} from 'b/sub';`, ["static b/sub@1"]],
    ["namespace", `import * as ns from "c"`, ["static c@1"]],
    ["side effect", `import "d/register";`, ["static d/register@1"]],
    ["default and named", `import React, { useState } from "react";`, ["static react@1"]],
    ["re-export all", `export * from "e";`, ["reexport e@1"]],
    ["re-export namespace", `export * as ns from "f";`, ["reexport f@1"]],
    ["re-export named", `export { a, b as c } from "g";`, ["reexport g@1"]],
    ["local export is no import", `const a = 1;\nexport { a };\nexport default a;`, []],
    ["dynamic", `const m = await import("h");`, ["dynamic h@1"]],
    ["dynamic then", `import("i").then((m) => m.run());`, ["dynamic i@1"]],
    ["dynamic template", "await import(`j`);", ["dynamic j@1"]],
    ["dynamic with substitution is skipped", `await import(\`./locale/${S}lang}.js\`);`, []],
    ["dynamic with variable is skipped", "await import(name);", []],
    ["require", `const k = require("k");`, ["require k@1"]],
    ["require.resolve", `const p = require.resolve("l/package.json");`, ["resolve l/package.json@1"]],
    ["import.meta.resolve", `const u = import.meta.resolve("m");`, ["resolve m@1"]],
    ["import attributes", `import data from "n/data.json" with { type: "json" };`, ["static n/data.json@1"]],
    ["property require is not an import", `loader.require("o"); x?.require("o2"); obj.import("o3");`, []],
    ["function named require", `function require(id) { return id; }`, []],
    ["import as object key", `const o = { import: 1, require: 2 };`, []],
    ["string arguments elsewhere", `console.log("require('p')", 'import q from "q"');`, []],
    ["line comment", `// import x from "r";\nconst s = require("s");`, ["require s@2"]],
    ["block comment", `/* require("t")\n import "t2" */ import "u";`, ["static u@2"]],
    ["template text", `const t = \`require("v") ${S}require("w")} import x from "v2"\`;`, ["require w@1"]],
    [
      "nested template",
      `const t = \`a ${S}\`b ${S}require("x1")}\`} c\`; require("x2");`,
      ["require x1@1", "require x2@1"],
    ],
    ["regex with quote", `const r = /["'\`]/g; const y = require("y");`, ["require y@1"]],
    ["regex with slash in class", `if (/[/"]/.test(s)) require("z");`, ["require z@1"]],
    ["division is not a regex", `const a = b / 2; const c = d / e; require("aa");`, ["require aa@1"]],
    ["hashbang", `#!/usr/bin/env node\nrequire("bb");`, ["require bb@2"]],
    [
      "try guards",
      `try {\n  require("cc");\n} catch {}\nrequire("dd");`,
      ["require cc@2 guarded", "require dd@4"],
    ],
    [
      "try then function",
      `try { a(); } catch (e) {}\nfunction f() { return require("ee"); }`,
      ["require ee@2"],
    ],
    ["escaped specifier", `require("f\\u0066");`, ["require ff@1"]],
  ];
  it.each(cases)("%s", (_, code, expected) => {
    expect(imports(code)).toEqual(expected);
  });
});

describe("scanJsImports: TypeScript type-only forms", () => {
  const cases: [string, string, string[]][] = [
    ["import type", `import type { A } from "a";`, ["static a@1 type"]],
    ["import type default", `import type A from "a";`, ["static a@1 type"]],
    ["import type namespace", `import type * as A from "a";`, ["static a@1 type"]],
    ["every specifier type", `import { type A, type B as C } from "b";`, ["static b@1 type"]],
    ["one value specifier", `import { type A, b } from "c";`, ["static c@1"]],
    ["default binding named type", `import type from "d";`, ["static d@1"]],
    [
      "named import called type",
      `import { type } from "e"; import { type as t } from "e2";`,
      ["static e@1", "static e2@1"],
    ],
    ["export type", `export type { A } from "f";`, ["reexport f@1 type"]],
    ["export type star", `export type * from "g";`, ["reexport g@1 type"]],
    ["export type alias is no import", `export type T = import("h").Foo;`, ["dynamic h@1 type"]],
    ["typeof import", `let x: typeof import("i");`, ["dynamic i@1 type"]],
    ["import equals require", `import j = require("j");`, ["require j@1"]],
    ["import type equals require", `import type k = require("k");`, ["require k@1 type"]],
    ["namespace alias", `import l = Foo.Bar;`, []],
    ["generic call then require", `const a = f<string>(x) / 2; require("m");`, ["require m@1"]],
    ["type assertion in .ts", `const a = <any>require("n");`, ["require n@1"]],
  ];
  it.each(cases)("%s", (_, code, expected) => {
    expect(imports(code, false)).toEqual(expected);
  });
});

describe("scanJsImports: JSX", () => {
  it("skips JSX text with quotes and still finds later imports", () => {
    const code = [
      `import React from "react";`,
      `const A = () => <div title="it's">Don't "quote" me {/* it's */} {value}</div>;`,
      `const B = () => (`,
      `  <>`,
      `    <Foo bar={require("inside-attr")} />`,
      `    {items.map((i) => <li key={i}>{i}'s</li>)}`,
      `  </>`,
      `);`,
      `const L = lazy(() => import("late"));`,
    ].join("\n");
    expect(imports(code)).toEqual(["static react@1", "require inside-attr@5", "dynamic late@9"]);
  });

  it("tells a TSX generic arrow from JSX", () => {
    const code = `const f = <T,>(x: T) => x;\nconst g = <T extends object>(x: T) => x;\nrequire("after");`;
    expect(imports(code)).toEqual(["require after@3"]);
  });

  it("treats < as comparison after an operand", () => {
    expect(imports(`if (a <b) { x = "'"; }\nrequire("c");`)).toEqual(["require c@2"]);
  });
});

/** Files of packages this repository installs, compared with TypeScript's own import pre-processor. */
const ORACLE_PACKAGES = [
  "semver",
  "commander",
  "ajv/dist",
  "ajv/lib",
  "yaml/dist",
  "smol-toml/dist",
  "fflate",
];

function sourceFiles(dir: string, out: string[]): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== "node_modules") sourceFiles(path, out);
    // Declaration files are left out: TypeScript's pre-processor misses their `export * as ns from`.
    else if (entry.isFile() && /\.[cm]?[jt]sx?$/.test(entry.name) && !/\.d\.[cm]?ts$/.test(entry.name))
      out.push(path);
  }
  return out;
}

describe("scanJsImports agrees with ts.preProcessFile on real packages", () => {
  it.each(ORACLE_PACKAGES)("%s", (pkg) => {
    const files = sourceFiles(join(REPO_ROOT, "node_modules", pkg), []);
    expect(files.length).toBeGreaterThan(5);
    const disagreements: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      const ours = scanJsImports(text, { jsx: !/\.[cm]?ts$/.test(file) })
        .filter((i) => i.kind !== "resolve") // TypeScript does not report require.resolve
        .map((i) => i.specifier);
      const theirs = ts.preProcessFile(text, true, true).importedFiles.map((i) => i.fileName);
      if ([...new Set(ours)].sort().join() !== [...new Set(theirs)].sort().join())
        disagreements.push(`${file}: ours ${[...new Set(ours)]} theirs ${[...new Set(theirs)]}`);
    }
    expect(disagreements).toEqual([]);
  });
});
