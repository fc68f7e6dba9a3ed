import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { importingEcosystems } from "../ecosystems/index.js";
import { loadInventory } from "../inventory/load-inventory.js";
import { checkImports } from "./check-imports.js";
import type { CheckImportsResult, ImportFinding } from "./import-findings.js";
import { DEFAULT_CHECK_IMPORTS_SETTINGS } from "./settings.js";
import { NPM_PROJECT, PYTHON_PROJECT, writeProject } from "./test-support/write-project.js";

const roots: string[] = [];
/** Loaded once: the built-in ecosystems' import support. */
const ECOSYSTEMS_WITH_IMPORTS = await importingEcosystems();

afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

function check(files: Record<string, string>, settings = {}, withInventory = false): CheckImportsResult {
  const root = writeProject(files);
  roots.push(root);
  return checkImports({
    ecosystems: ECOSYSTEMS_WITH_IMPORTS,
    root,
    target: ".",
    settings: { ...DEFAULT_CHECK_IMPORTS_SETTINGS, ...settings },
    ...(withInventory ? { inventory: loadInventory(root, { cwd: root }) } : {}),
  });
}

/** `severity rule package manifest: file:line, …` — one line per finding. */
function describeFindings(findings: ImportFinding[]): string[] {
  return findings.map(
    (f) =>
      `${f.severity} ${f.rule} ${f.package}${f.module ? ` (${f.module})` : ""} ${f.manifest}${f.declaredIn ? ` [${f.declaredIn}]` : ""}: ${f.locations.map((l) => `${l.file}:${l.line}${l.guarded ? "?" : ""}`).join(", ")}`,
  );
}

describe("checkImports on an npm workspace project", () => {
  const result = check(NPM_PROJECT);

  it("reports dev-only and undeclared imports with file and line, and unused production dependencies", () => {
    expect(describeFindings(result.findings)).toEqual([
      "error dev-only chalk package.json [package.json]: src/optional.js:2?, src/server.ts:5",
      "error undeclared express packages/api/package.json [package.json]: packages/api/src/index.js:2",
      "error undeclared left-pad package.json: src/server.ts:10",
      "warning undeclared optional-thing package.json: src/maybe.js:2?",
      "warning unused unused-prod package.json: ",
    ]);
  });

  it("scans production files only and counts what it left out", () => {
    // src/server.ts, src/optional.js, src/maybe.js, packages/api/src/index.js; the test, config,
    // script and test-folder files are left out.
    expect(result.files.scanned).toEqual({ js: 3, ts: 1, python: 0, component: 0 });
    expect(result.files.nonProduction).toBe(4);
    // express, lodash, @scope/pkg, chalk, left-pad, left-pad-alias, react (server.ts); chalk;
    // optional-thing; zod, express (api). Type-only, built-in, relative, alias and self imports are not.
    expect(result.packageImports).toBe(11);
    expect(result.unscoped).toEqual([]);
  });

  it("takes production globs and unused exemptions from the settings", () => {
    const narrowed = check(NPM_PROJECT, { production: ["packages/**"], unusedExempt: ["unused-*"] });
    expect(describeFindings(narrowed.findings)).toEqual([
      "error undeclared express packages/api/package.json [package.json]: packages/api/src/index.js:2",
    ]);
  });

  it("ignores configured import names", () => {
    const ignored = check(NPM_PROJECT, { ignore: ["left-pad", "optional-*"] });
    expect(ignored.findings.map((f) => f.package)).toEqual(["chalk", "express", "unused-prod"]);
  });
});

describe("checkImports on a Python project", () => {
  const result = check(PYTHON_PROJECT);

  it("maps import names to distributions through installed metadata and the known table", () => {
    expect(describeFindings(result.findings)).toEqual([
      "error dev-only freezegun pyproject.toml [pyproject.toml (dependency-groups.dev)]: svc/app.py:8",
      "error undeclared numpy pyproject.toml: svc/app.py:9",
      "error undeclared Pillow (PIL) pyproject.toml: svc/app.py:13",
      "warning unused gunicorn pyproject.toml (project.dependencies): ",
    ]);
  });

  it("leaves out tests, conftest.py, setup.py and the virtual environment", () => {
    expect(result.files.scanned.python).toBe(4);
    expect(result.files.nonProduction).toBe(3);
  });

  it("reads declarations from a requirements lock in requirements/ for the folder above", () => {
    const locked = check(
      {
        "requirements/main.txt": "PyYAML==6.0.1\nrequests==2.31.0\n",
        "requirements/dev.txt": "pytest==8.0.0\n",
        "app/main.py": "import yaml\nimport pytest\n",
      },
      {},
      true,
    );
    // A pinned file lists direct and transitive packages alike: no unused warning for requests.
    expect(describeFindings(locked.findings)).toEqual([
      "error dev-only pytest requirements/main.txt [requirements/dev.txt]: app/main.py:2",
    ]);
  });
});

describe("checkImports without a manifest", () => {
  it("lists files whose ecosystem has no manifest instead of guessing", () => {
    const result = check({ "package.json": "{}", "tools/convert.py": "import requests\n", "index.js": "" });
    expect(result.unscoped).toEqual(["tools/convert.py"]);
    expect(result.findings).toEqual([]);
  });
});
