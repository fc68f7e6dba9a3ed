import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const made: string[] = [];

/** A PATH holding only fake executables of these names (so a test does not depend on the machine). */
export function pathWith(...tools: string[]): NodeJS.ProcessEnv {
  const bin = mkdtempSync(join(tmpdir(), "lk-bin-"));
  made.push(bin);
  for (const tool of tools) {
    writeFileSync(join(bin, tool), "#!/bin/sh\nexit 0\n");
    chmodSync(join(bin, tool), 0o755);
  }
  return { PATH: bin };
}

/** Removes the folders `pathWith` made (call it in afterAll). */
export function removeFakeTools(): void {
  for (const bin of made.splice(0)) rmSync(bin, { recursive: true, force: true });
}
