import type { Ecosystem } from "../model/types.js";

/**
 * - `dev-only`: production code imports a package declared only as a development dependency
 *   (it is missing from a production install);
 * - `undeclared`: production code imports a package its manifest does not declare at all
 *   (it works only while something else happens to install it);
 * - `unused`: a declared production dependency no production code imports.
 */
export type ImportRule = "dev-only" | "undeclared" | "unused";

export interface ImportLocation {
  /** Relative to the checked directory. */
  file: string;
  line: number;
  /** As written in the code. */
  specifier: string;
  /** Inside a `try` block (the code copes with the package missing). */
  guarded: boolean;
}

export interface ImportFinding {
  rule: ImportRule;
  /** Errors fail the check; an import that is guarded everywhere, and unused dependencies, warn. */
  severity: "error" | "warning";
  ecosystem: Ecosystem;
  /** npm package name, or PyPI distribution (the best candidate for an undeclared import). */
  package: string;
  /** For Python: the module imported (`yaml`), when it differs from the distribution. */
  module?: string;
  /** The manifest whose declarations were checked (the nearest one). */
  manifest: string;
  /** dev-only: where it is declared as dev; undeclared: a parent project that declares it. */
  declaredIn?: string;
  /** Every production import of the package, in file and line order (empty for `unused`). */
  locations: ImportLocation[];
}

export interface CheckImportsResult {
  /** The checked directory as given. */
  target: string;
  files: {
    /** Production source files scanned, by language (`js`, `ts`, `python`, `component`). */
    scanned: Record<string, number>;
    /** Source files left out as tests, benchmarks, build output or tool configuration. */
    nonProduction: number;
    bytes: number;
  };
  /** Production imports of packages that were checked (type-only ones are not counted). */
  packageImports: number;
  /** Sorted: errors first, then by rule, package and manifest. */
  findings: ImportFinding[];
  /** Production files with package imports but no manifest of their ecosystem above them. */
  unscoped: string[];
  /** Things the user should know that are not findings. */
  notes: string[];
}

export function errorCount(result: CheckImportsResult): number {
  return result.findings.filter((finding) => finding.severity === "error").length;
}
