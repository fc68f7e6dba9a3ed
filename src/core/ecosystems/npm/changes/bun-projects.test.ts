import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isLockkeeperError } from "../../../errors.js";
import type { UpdaterInput } from "../../../updates/change-tools.js";
import type { OutdatedEntry } from "../../../updates/outdated.js";
import { npmChanges } from "./index.js";
import { detectNpmTool } from "./npm-tools.js";

// Lockkeeper reads bun.lock but does not run bun: npm in a Bun project would write a
// package-lock.json beside bun.lock and leave bun.lock stale.
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "lk-bun-project-"));
  writeFileSync(join(dir, "package.json"), '{"name": "app"}');
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("Bun projects and the npm changers", () => {
  it("finds no tool to run in a project whose only lockfile is bun's, and lk add says why", () => {
    writeFileSync(join(dir, "bun.lock"), "{}");
    expect(detectNpmTool(dir)).toBeUndefined();
    let error: unknown;
    try {
      npmChanges.addTool(dir, {});
    } catch (caught: unknown) {
      error = caught;
    }
    expect(isLockkeeperError(error) && error.code).toBe("USAGE");
    expect(isLockkeeperError(error) && error.message).toBe(
      "lk add does not run bun yet, and this project's lockfile is bun's",
    );
  });

  it("keeps npm where package-lock.json sits beside bun.lock, holding back bun.lock's entries", () => {
    writeFileSync(join(dir, "bun.lock"), "{}");
    writeFileSync(join(dir, "package-lock.json"), "{}");
    expect(detectNpmTool(dir)).toBe("npm");
    const updater = npmChanges.updater({ projectDir: dir, env: {} } as UpdaterInput);
    expect(updater?.heldBackReason({ lockfile: "web/bun.lock" } as OutdatedEntry)).toBe(
      "lk update does not run bun yet: update web/bun.lock with bun update",
    );
    expect(updater?.heldBackReason({ lockfile: "package-lock.json" } as OutdatedEntry)).toBeUndefined();
  });
});
