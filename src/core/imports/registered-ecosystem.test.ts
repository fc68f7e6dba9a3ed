import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ImportSupport } from "../ecosystems/import-support.js";
import { importingEcosystems, registerEcosystem } from "../ecosystems/index.js";
import { toyAdapter } from "../ecosystems/test-support/toy/index.js";
import { loadInventory } from "../inventory/load-inventory.js";
import { checkImports } from "./check-imports.js";
import { DEFAULT_CHECK_IMPORTS_SETTINGS } from "./settings.js";
import { writeProject } from "./test-support/write-project.js";

/** `.toy` source says `use <package>` per line; declarations come from toy.lock's root. */
const toyImports: ImportSupport = {
  sourceExtensions: { toy: "toy" },
  scan: (text) =>
    text.split("\n").flatMap((line, index) => {
      const match = /^use (\S+)$/.exec(line);
      return match?.[1]
        ? [{ specifier: match[1], line: index + 1, kind: "static" as const, typeOnly: false, guarded: false }]
        : [];
    }),
  skippedFolders: [],
  manifestNames: [],
  readManifest: () => undefined,
  scopeOfRoot: (lockDir) => ({ dir: lockDir }),
  resolver: () => ({ importedName: (found) => found.specifier, providers: (_found, name) => [name] }),
};

let root = "";
let unregister: () => void = () => undefined;

beforeAll(() => {
  unregister = registerEcosystem({ ...toyAdapter({}), loadImports: async () => toyImports });
  root = writeProject({
    "toy.lock": "widget 1.2 MIT prod >=1.0\ngadget 2.0 MIT dev >=2.0\ngizmo 0.9 MIT prod >=0.5\n",
    "app/main.toy": "use Widget\nuse gadget\nuse sprocket\n",
  });
});

afterAll(() => {
  unregister();
  rmSync(root, { recursive: true, force: true });
});

describe("an ecosystem registered with import support", () => {
  it("has its source checked against its lockfile's declarations, by its own name folding", async () => {
    const result = checkImports({
      ecosystems: await importingEcosystems(),
      root,
      target: ".",
      settings: DEFAULT_CHECK_IMPORTS_SETTINGS,
      inventory: loadInventory(root, { cwd: root }),
    });
    expect(result.files.scanned).toEqual({ js: 0, ts: 0, python: 0, component: 0, toy: 1 });
    expect(result.packageImports).toBe(3);
    expect(result.findings.map((f) => [f.severity, f.rule, f.ecosystem, f.package, f.manifest])).toEqual([
      ["error", "dev-only", "toy", "gadget", "toy.lock"],
      ["error", "undeclared", "toy", "sprocket", "toy.lock"],
      ["warning", "unused", "toy", "gizmo", "toy.lock"],
    ]);
  });
});
