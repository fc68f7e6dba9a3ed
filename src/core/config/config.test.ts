import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../test-support/fixtures.js";
import { validateConfig } from "./load-config.js";
import { configJsonSchema, defaultConfig } from "./schema.js";

describe("validateConfig", () => {
  it("fills defaults for an empty file", () => {
    expect(validateConfig("").config).toEqual(defaultConfig());
    expect(defaultConfig().inventory).toEqual({ exclude: [], scope: "all" });
  });

  it("reads valid settings", () => {
    const { config, errors } = validateConfig("inventory:\n  scope: prod\n  exclude:\n    - fixtures/**\n");
    expect(errors).toEqual([]);
    expect(config?.inventory).toEqual({ scope: "prod", exclude: ["fixtures/**"] });
  });

  it("reports every error and unknown key with line and column", () => {
    const { config, errors } = validateConfig(
      "inventory:\n  scope: 3\n  exclude: [1, ok]\n  extra: true\nother: {}\n",
    );
    expect(config).toBeUndefined();
    const byPath = Object.fromEntries(errors.map((e) => [e.path, e]));
    expect(byPath["inventory.scope"]).toMatchObject({ line: 2, column: 10 });
    expect(byPath["inventory.exclude.0"]).toMatchObject({ line: 3, column: 13 });
    expect(byPath["inventory.extra"]).toMatchObject({ line: 4, column: 3, message: 'unknown key "extra"' });
    expect(byPath.other).toMatchObject({ line: 5, column: 1, message: 'unknown key "other"' });
  });

  it("suggests the key a typo was meant to be, at any depth", () => {
    const { errors } = validateConfig(
      "licences:\n  allow: [MIT]\nscan:\n  failon: high\n  unknownSeverty: ignore\nupdates:\n  rules:\n    - { match: [a], gruop: g }\nzzz: 1\n",
    );
    const byPath = Object.fromEntries(errors.map((e) => [e.path, e.message]));
    expect(byPath).toEqual({
      licences: 'unknown key "licences" (did you mean "licenses"?)',
      "scan.failon": 'unknown key "failon" (did you mean "failOn"?)',
      "scan.unknownSeverty": 'unknown key "unknownSeverty" (did you mean "unknownSeverity"?)',
      "updates.rules.0.gruop": 'unknown key "gruop" (did you mean "group"?)',
      zzz: 'unknown key "zzz"',
    });
  });

  it("reports YAML syntax errors with their line", () => {
    const { errors } = validateConfig("inventory:\n  scope: [prod\n");
    expect(errors[0]?.line).toBeGreaterThan(0);
  });
});

describe("JSON Schema", () => {
  it("is committed in sync with the config schema (run `npm run schema` after changing it)", () => {
    const committed = JSON.parse(readFileSync(join(REPO_ROOT, "schema/lockkeeper.schema.json"), "utf8"));
    expect(committed).toEqual(configJsonSchema());
  });
});
