import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { LockkeeperError } from "../../core/errors.js";
import { NPM_PROJECT, PYTHON_PROJECT, writeProject } from "../../core/imports/test-support/write-project.js";
import { EXIT, exitCodeFor } from "../exit-codes.js";
import { bufferIo } from "../io.js";
import { checkImportsCommand } from "./check-imports.js";

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

async function lkCheckImports(files: Record<string, string>, format = "table") {
  const root = writeProject(files);
  roots.push(root);
  const io = bufferIo(root);
  const code = await checkImportsCommand(io, ".", { format });
  return { code, out: io.out, err: io.err };
}

describe("lk check imports", () => {
  it("prints a table of findings with file and line and exits 1 on errors", async () => {
    const { code, out, err } = await lkCheckImports(NPM_PROJECT);
    expect(err).toBe("");
    expect(code).toBe(EXIT.FINDINGS);
    expect(out).toMatch(/^SEVERITY\s+RULE\s+PACKAGE\s+MANIFEST\s+WHERE$/m);
    expect(out).toMatch(
      /^error\s+dev-only\s+chalk\s+package\.json\s+src\/optional\.js:2 \(\+1\); dev dependency in package\.json$/m,
    );
    expect(out).toMatch(/^error\s+undeclared\s+left-pad\s+package\.json\s+src\/server\.ts:10$/m);
    expect(out).toMatch(
      /^warning\s+unused\s+unused-prod\s+package\.json\s+never imported by production code$/m,
    );
    expect(out).toContain(
      "chalk (dev-only):\n  src/optional.js:2  chalk  (in try)\n  src/server.ts:5  chalk\n",
    );
    expect(out).toContain(
      "Checked 11 package imports in 4 production files (4 test, build or tool files left out): 3 errors, 2 warnings.",
    );
  });

  it("writes JSON with every location and the distribution of Python imports", async () => {
    const { code, out } = await lkCheckImports(PYTHON_PROJECT, "json");
    expect(code).toBe(EXIT.FINDINGS);
    const report = JSON.parse(out);
    expect(report.schemaVersion).toBe(1);
    expect(report.summary).toEqual({ errors: 3, warnings: 1 });
    expect(report.findings[2]).toEqual({
      rule: "undeclared",
      severity: "error",
      ecosystem: "pypi",
      package: "Pillow",
      module: "PIL",
      manifest: "pyproject.toml",
      locations: [{ file: "svc/app.py", line: 13, specifier: "PIL", guarded: false }],
    });
  });

  it("exits 0 when production imports are all declared", async () => {
    const { code, out } = await lkCheckImports({
      "package.json": JSON.stringify({ dependencies: { semver: "^7" }, devDependencies: { vitest: "^1" } }),
      "index.js": `const semver = require("semver");\n`,
      "index.test.js": `import { it } from "vitest";\n`,
    });
    expect(code).toBe(EXIT.OK);
    expect(out).toBe(
      "Checked 1 package imports in 1 production files (1 test, build or tool files left out): 0 errors, 0 warnings.\n",
    );
  });

  it("rejects a missing directory and a broken manifest as input errors (exit 2)", async () => {
    const io = bufferIo("/");
    const missing = await checkImportsCommand(io, "/no/such/project", { format: "table" }).catch((e) => e);
    expect(missing).toBeInstanceOf(LockkeeperError);
    expect(exitCodeFor(missing.code)).toBe(EXIT.INPUT);
    const root = writeProject({ "package.json": "{ broken" });
    roots.push(root);
    const broken = await checkImportsCommand(bufferIo(root), ".", { format: "table" }).catch((e) => e);
    expect(broken).toMatchObject({ code: "PARSE", file: "package.json" });
    expect(exitCodeFor(broken.code)).toBe(EXIT.INPUT);
  });
});
