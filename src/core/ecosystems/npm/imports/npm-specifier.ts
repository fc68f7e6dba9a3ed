import { builtinModules } from "node:module";

/** Node's built-in modules, with and without `node:` (the running Node's list, plus subpaths). */
const BUILTINS = new Set(builtinModules);

/** npm package names as they may appear in specifiers (legacy names may hold capitals). */
const PACKAGE_NAME = /^(?:@[a-z0-9][\w.~-]*\/)?[a-z0-9][\w.~-]*$/i;

/**
 * The npm package a module specifier loads, or undefined when it loads no package: a relative or
 * absolute path, a Node built-in (`fs`, `node:fs`, `fs/promises`), a URL or other scheme
 * (`data:`, `bun:`), a package-internal alias (`#internal`), a path alias (`@/x`, `~/x`) or a
 * bundler loader chain (`style-loader!./x.css`). Subpaths map to their package:
 * `lodash/fp` → `lodash`, `@scope/pkg/x` → `@scope/pkg`.
 */
export function npmPackageOf(specifier: string): string | undefined {
  if (specifier === "" || specifier.startsWith(".") || specifier.startsWith("/")) return undefined;
  if (specifier.includes(":") || specifier.includes("!") || specifier.startsWith("#")) return undefined;
  const path = specifier.replace(/[?#].*$/, ""); // `pkg/file.css?inline` (Vite query suffixes)
  if (isNodeBuiltin(path)) return undefined;
  const [first = "", second = ""] = path.split("/");
  const name = path.startsWith("@") ? `${first}/${second}` : first;
  return PACKAGE_NAME.test(name) ? name : undefined;
}

/** `fs`, `fs/promises`, `node:test`: modules Node itself provides. */
export function isNodeBuiltin(specifier: string): boolean {
  if (specifier.startsWith("node:")) return true;
  // `punycode/` (trailing slash) is how code asks for the npm package that shadows a built-in.
  if (specifier.endsWith("/")) return false;
  const [first = ""] = specifier.split("/");
  return BUILTINS.has(specifier) || BUILTINS.has(first);
}
