import { globMatcher } from "../config/glob.js";
import type { CheckImportsSettings } from "./settings.js";

/**
 * What is not production source by default (globs relative to the project; a pattern without a
 * slash matches a name at any depth, a directory covers everything in it):
 * - tests: `*.test.*`, `*.spec.*`, `test/`, `tests/`, `__tests__/`, `spec/`, `e2e/`, mocks and
 *   fixtures, pytest's `conftest.py`, `test_*.py`, `*_test.py`;
 * - benchmarks and stories: `bench/`, `benchmark(s)/`, `*.bench.*`, `*.stories.*`;
 * - build output: `dist/`, `build/`, `out/`, `coverage/` (`node_modules`, virtual environments
 *   and dot-folders are never walked);
 * - tool configuration: `*.config.*`, `.eslintrc*` and other rc files, `Gruntfile`/`gulpfile`,
 *   and Python's `setup.py` and `noxfile.py` (they run at build or test time with build tools);
 * - type declarations (`*.d.ts`), documentation and examples (`docs/`, `examples/`) and
 *   repository scripts (`scripts/`: release and maintenance tasks run with dev dependencies).
 */
export const DEFAULT_NON_PRODUCTION: readonly string[] = [
  "*.test.*",
  "*.spec.*",
  "test",
  "tests",
  "__tests__",
  "spec",
  "e2e",
  "__mocks__",
  "__fixtures__",
  "fixtures",
  "test-support",
  "conftest.py",
  "test_*.py",
  "*_test.py",
  "bench",
  "benchmark",
  "benchmarks",
  "*.bench.*",
  "*.stories.*",
  "dist",
  "build",
  "out",
  "coverage",
  "*.config.*",
  ".eslintrc*",
  ".prettierrc*",
  ".babelrc*",
  ".stylelintrc*",
  ".mocharc*",
  "Gruntfile.*",
  "gulpfile.*",
  "setup.py",
  "noxfile.py",
  "*.d.ts",
  "*.d.mts",
  "*.d.cts",
  "docs",
  "examples",
  "scripts",
];

export interface ProductionFilter {
  /** A directory whose content is all non-production (pruned from the walk). */
  excludesDirectory(path: string): boolean;
  /** A source file that is production code. */
  isProduction(path: string): boolean;
}

/** The production-source rule of the settings: in `production` (if given) and not excluded. */
export function productionFilter(settings: CheckImportsSettings): ProductionFilter {
  const excluded = globMatcher([
    ...(settings.defaultExclude ? DEFAULT_NON_PRODUCTION : []),
    ...settings.exclude,
  ]);
  const included = settings.production.length > 0 ? globMatcher(settings.production) : () => true;
  return {
    excludesDirectory: excluded,
    isProduction: (path) => included(path) && !excluded(path),
  };
}
