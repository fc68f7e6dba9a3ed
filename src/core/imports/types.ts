/** How a source file refers to a module. */
export type ImportKind =
  /** `import x from "m"`, `import "m"`, Python `import m` / `from m import x`. */
  | "static"
  /** `export … from "m"`. */
  | "reexport"
  /** `import("m")` with a literal, Python `importlib.import_module("m")` / `__import__("m")`. */
  | "dynamic"
  /** `require("m")`, TypeScript `import x = require("m")`. */
  | "require"
  /** `require.resolve("m")`, `import.meta.resolve("m")`: the package must be installed to resolve. */
  | "resolve";

/** One module reference found in a source file. */
export interface SourceImport {
  /** As written: `lodash/fp`, `node:fs`, `./x`; for Python the dotted module (`google.protobuf`). */
  specifier: string;
  /** 1-based line of the reference. */
  line: number;
  kind: ImportKind;
  /**
   * Erased before run time: TypeScript `import type`, `export type`, imports whose every specifier
   * is `type`, `typeof import("m")`; Python imports under `if TYPE_CHECKING:`.
   */
  typeOnly: boolean;
  /** Inside a `try` block: the code copes with the module being absent. */
  guarded: boolean;
  /** Python `from m import a, b`: the imported names (for namespace packages such as `google.cloud`). */
  names?: string[];
}
