import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { findConfigFile } from "./load-config.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** outer/lockkeeper.yaml, outer/checkout/.git, outer/checkout/packages/app. */
function layout(): { outer: string; checkout: string; app: string } {
  const outer = realpathSync(mkdtempSync(join(tmpdir(), "lk-config-search-")));
  dirs.push(outer);
  const checkout = join(outer, "checkout");
  const app = join(checkout, "packages", "app");
  mkdirSync(app, { recursive: true });
  mkdirSync(join(checkout, ".git"));
  writeFileSync(join(outer, "lockkeeper.yaml"), "scan: { failOn: low }\n");
  return { outer, checkout, app };
}

describe("findConfigFile", () => {
  it("finds the nearest file up to the checkout's root, never past it", () => {
    const { checkout, app } = layout();
    expect(findConfigFile(app)).toBeUndefined();
    writeFileSync(join(checkout, ".lockkeeper.yaml"), "{}\n");
    expect(findConfigFile(app)).toBe(join(checkout, ".lockkeeper.yaml"));
    writeFileSync(join(app, "lockkeeper.yaml"), "{}\n");
    expect(findConfigFile(app)).toBe(join(app, "lockkeeper.yaml"));
  });

  it("stops at a worktree's root, whose .git is a file", () => {
    const { checkout, app } = layout();
    rmSync(join(checkout, ".git"), { recursive: true });
    writeFileSync(join(checkout, ".git"), "gitdir: /elsewhere\n");
    expect(findConfigFile(app)).toBeUndefined();
  });

  it("searches only the directory itself outside a checkout", () => {
    const { outer } = layout();
    const loose = join(outer, "loose");
    mkdirSync(loose);
    expect(findConfigFile(loose)).toBeUndefined();
    expect(findConfigFile(outer)).toBe(join(outer, "lockkeeper.yaml"));
  });
});
