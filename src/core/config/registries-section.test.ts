import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig, validateConfig } from "./load-config.js";

describe("the registries section", () => {
  it("has defaults, and one set of keys for licences and updates", () => {
    const { config, errors } = validateConfig(
      "registries:\n  npm: https://npm.example/\n  pypiTokenEnv: PYPI_TOKEN\n  cacheMinutes: 0\nlicenses:\n  registry: { enabled: true }\n",
    );
    expect(errors).toEqual([]);
    expect(config?.registries).toEqual({
      npm: "https://npm.example/",
      pypiIndex: "https://pypi.org/simple",
      pypiTokenEnv: "PYPI_TOKEN",
      cacheMinutes: 0,
      concurrency: 8,
    });
    expect(config?.licenses.registry).toEqual({ enabled: true });
  });

  it("names the new key of every moved one, at its line", () => {
    const { errors } = validateConfig(
      [
        "licenses:",
        "  registry:",
        "    enabled: true",
        "    npmUrl: https://npm.example/",
        "    pypiUrl: https://pypi.example/",
        "    npmTokenEnv: NPM_TOKEN",
        "    pypiTokenEnv: PYPI_TOKEN",
        "    cacheDir: .cache",
        "    concurrency: 4",
        "updates:",
        "  registries:",
        "    pypiIndex: https://pypi.example/simple",
        "",
      ].join("\n"),
    );
    expect(errors.map(({ path, line, message }) => `${line} ${path}: ${message}`)).toEqual([
      '4 licenses.registry.npmUrl: unknown key "npmUrl": moved to registries.npm',
      '5 licenses.registry.pypiUrl: unknown key "pypiUrl": moved to registries.pypiJsonApi (the JSON API base, e.g. https://pypi.org/pypi)',
      '6 licenses.registry.npmTokenEnv: unknown key "npmTokenEnv": moved to registries.npmTokenEnv',
      '7 licenses.registry.pypiTokenEnv: unknown key "pypiTokenEnv": moved to registries.pypiTokenEnv',
      '8 licenses.registry.cacheDir: unknown key "cacheDir": moved to registries.cacheDir',
      '9 licenses.registry.concurrency: unknown key "concurrency": moved to registries.concurrency',
      '11 updates.registries: unknown key "registries": moved to the top-level registries section (same keys)',
    ]);
  });

  it("fails loading with a CONFIG error that points at the old key", () => {
    const dir = mkdtempSync(join(tmpdir(), "lk-config-"));
    try {
      writeFileSync(join(dir, "lockkeeper.yaml"), "updates:\n  registries:\n    cacheMinutes: 0\n");
      expect(() => loadConfig(dir)).toThrow(
        expect.objectContaining({
          code: "CONFIG",
          message: `invalid configuration (1 problem):\n  ${join(dir, "lockkeeper.yaml")}:2:3: updates.registries: unknown key "registries": moved to the top-level registries section (same keys)`,
        }),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
