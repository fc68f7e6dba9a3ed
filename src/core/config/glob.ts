import { createRequire } from "node:module";

type Picomatch = typeof import("picomatch/posix.js");
let picomatch: Picomatch | undefined;

/**
 * picomatch, loaded when a config first has globs: loading it costs every command a few
 * milliseconds of start-up, and most projects configure none.
 */
function loadPicomatch(): Picomatch {
  picomatch ??= createRequire(import.meta.url)("picomatch/posix.js") as Picomatch;
  return picomatch;
}

/**
 * Path globs of the config (`inventory.exclude`, `imports.production`, …), matched against
 * project-relative paths with forward slashes. picomatch does the matching (`**` crosses
 * directories, `*` and `?` do not, `{a,b}` and `[ab]` work); on top of it, as .gitignore does, a
 * pattern without a slash matches a name at any depth, and a directory pattern covers everything
 * inside it. Package names are not paths: they have their own matcher (package-name-pattern.ts).
 */
export function globMatcher(patterns: readonly string[]): (path: string) => boolean {
  if (patterns.length === 0) return () => false;
  const globs = patterns.flatMap((pattern) => {
    let glob = pattern.replace(/^\.\//, "").replace(/\/+$/, "");
    if (!glob.includes("/")) glob = `**/${glob}`;
    return [glob, `${glob}/**`];
  });
  // Paths under dot-folders are still paths; `!` is kept literal (no re-include semantics).
  return loadPicomatch()(globs, { dot: true, nonegate: true });
}
