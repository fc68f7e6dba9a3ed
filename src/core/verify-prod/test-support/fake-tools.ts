import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { writeProject } from "../../imports/test-support/write-project.js";

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

/**
 * For a test file: a function that writes a project folder, and the hook that removes every folder
 * written (and the fake tools) after the file's tests.
 */
export function useScratchProjects(): (files: Record<string, string>) => string {
  const roots: string[] = [];
  afterAll(() => {
    for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
    removeFakeTools();
  });
  return (files) => {
    const root = writeProject(files, "lk-plan-");
    roots.push(root);
    return root;
  };
}
