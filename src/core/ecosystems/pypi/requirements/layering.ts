import { dirnameRelative, joinRelative } from "../../../files/project-files.js";
import type { Scope } from "../../../model/types.js";

/**
 * pip-tools projects split requirements into layers by file name (`main.txt`, `dev.txt`,
 * `requirements-test.txt` …). Nothing inside a file says what it is for, so the name decides.
 */
const DEV_WORDS = new Set([
  "dev",
  "devel",
  "develop",
  "development",
  "test",
  "tests",
  "testing",
  "lint",
  "linting",
  "doc",
  "docs",
  "typing",
  "ci",
]);

/** `dev`-like words in a requirements file name (split on `-`, `_`, `.`) make it a dev layer. */
export function scopeFromFileName(path: string): Scope {
  const base = baseName(path).replace(/\.[^.]*$/, "");
  for (const word of base.toLowerCase().split(/[^a-z0-9]+/)) {
    if (DEV_WORDS.has(word)) return "dev";
  }
  return "prod";
}

/** Prod-layer lock names tried beside a dev layer that names no constraint file. */
const PROD_LAYER_NAMES = ["main.txt", "base.txt", "prod.txt", "production.txt", "requirements.txt"];

/**
 * Conventional production locks beside a dev-layer lock (`main.txt` beside `dev.txt`,
 * `requirements.txt` beside `requirements-dev.txt`), for layers that name no `-c` constraint:
 * pip-tools projects install them together, so a package pinned in both is a production one.
 */
export function conventionalProdLayers(lockPath: string): string[] {
  const dir = dirnameRelative(lockPath);
  return PROD_LAYER_NAMES.map((name) => joinRelative(dir, name)).filter((path) => path !== lockPath);
}

/** A constraint on an input (`-c main.in`) means its compiled lock (`main.txt`). */
export function constraintLock(path: string): string {
  return path.endsWith(".in") ? `${path.slice(0, -3)}.txt` : path;
}

/** The `.in` a pip-compile lock was most likely compiled from: same directory, same stem. */
export function siblingInput(lockPath: string): string | undefined {
  return lockPath.endsWith(".txt") ? `${lockPath.slice(0, -4)}.in` : undefined;
}

/**
 * Where a path written in a requirements file may point. `-r`/`-c` lines are relative to the
 * file that contains them (pip); `# via -r requirements/main.in` annotations are relative to the
 * directory pip-compile ran in, usually the project root, which is the files' base here.
 */
export function pathCandidates(containingFile: string, written: string, annotation: boolean): string[] {
  const included = includePath(containingFile, written);
  if (!annotation || isAbsolute(written)) return [included];
  const dir = dirnameRelative(containingFile);
  return [...new Set([included, joinRelative(written), joinRelative(dir, baseName(written))])];
}

/** The file a `-r`/`-c` line names: relative to the file that contains it, as pip reads it. */
export function includePath(containingFile: string, written: string): string {
  return isAbsolute(written) ? written : joinRelative(dirnameRelative(containingFile), written);
}

function isAbsolute(path: string): boolean {
  return path.startsWith("/") || /^[A-Za-z]:[\\/]/.test(path);
}

function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\")) + 1);
}
