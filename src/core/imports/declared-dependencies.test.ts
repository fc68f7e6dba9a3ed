import { assert, describe, expect, it } from "vitest";
import { LOCKFILES } from "../../test-support/fixtures.js";
import { importingEcosystems } from "../ecosystems/index.js";
import { loadInventory } from "../inventory/load-inventory.js";
import { DependencyScopes, primarySource } from "./declared-dependencies.js";

const NPM_CLI = `${LOCKFILES}/npm/npm-cli-v3-workspaces`;
const WAREHOUSE = `${LOCKFILES}/python/warehouse-pip-compile`;

const ECOSYSTEMS_WITH_IMPORTS = await importingEcosystems();

describe("DependencyScopes from real lockfiles", () => {
  // Counts checked against the raw package-lock.json with python: the root declares 67
  // dependencies and 20 devDependencies (87 names), workspaces/arborist 35 and 8 (43 names).
  const scopes = new DependencyScopes(
    NPM_CLI,
    ECOSYSTEMS_WITH_IMPORTS,
    new Map(),
    loadInventory(NPM_CLI, { cwd: NPM_CLI }),
  );

  it("gives every npm workspace its own declarations from the lockfile's roots", () => {
    const root = scopes.scopeFor("npm", "lib/commands");
    const arborist = scopes.scopeFor("npm", "workspaces/arborist/lib/arborist");
    expect(root?.dir).toBe(".");
    expect(root?.declared.size).toBe(87);
    expect([...(root?.declared.values() ?? [])].filter((d) => d.kind === "dev")).toHaveLength(20);
    expect(arborist?.dir).toBe("workspaces/arborist");
    expect(arborist?.declared.size).toBe(43);
    expect(arborist?.declared.get("@npmcli/fs")).toMatchObject({ kind: "prod", source: "package-lock.json" });
    expect(arborist?.declared.get("benchmark")).toMatchObject({ kind: "dev" });
    expect(arborist?.selfNames.has("@npmcli/arborist")).toBe(true);
    assert.exists(arborist);
    expect(scopes.ancestorsOf(arborist).map((s) => s.dir)).toEqual(["."]);
  });

  it("serves pip-compile layers in requirements/ to the project folder above", () => {
    const python = new DependencyScopes(
      WAREHOUSE,
      ECOSYSTEMS_WITH_IMPORTS,
      new Map(),
      loadInventory(WAREHOUSE, { cwd: WAREHOUSE }),
    );
    const scope = python.scopeFor("pypi", "warehouse/packaging");
    expect(scope?.dir).toBe(".");
    assert.exists(scope);
    expect(primarySource(scope)).toBe("requirements/deploy.txt");
    // main.txt declares pyramid for production; tests.txt declares pytest-postgresql for development.
    expect(scope?.declared.get("pyramid")).toMatchObject({ kind: "prod", direct: true });
    expect(scope?.declared.get("pytest-postgresql")).toMatchObject({ kind: "dev", direct: true });
    // hupper is declared only by dev.in; main.txt pins it merely "via pyramid" (transitive), so
    // importing it from production code is a dev-only import.
    expect(scope?.declared.get("hupper")).toMatchObject({ kind: "dev", source: "requirements/dev.txt" });
  });
});
