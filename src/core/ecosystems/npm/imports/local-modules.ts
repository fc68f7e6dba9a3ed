import { join } from "node:path";
import { ExistingPaths } from "../../../files/existing-paths.js";
import { joinRelative } from "../../../files/project-files.js";
import { readRegularFile } from "../../../files/read-regular-file.js";

const JS_EXTENSIONS = ["", ".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".json", ".vue", ".svelte"];

/**
 * Modules that are the project's own code although imported by a bare name: TypeScript/JavaScript
 * path aliases (`compilerOptions.paths`, `baseUrl` in tsconfig/jsconfig).
 */
export class LocalJsModules {
  private readonly paths: ExistingPaths;
  private readonly aliases = new Map<string, JsAliases>();

  constructor(private readonly root: string) {
    this.paths = new ExistingPaths(root);
  }

  /** A specifier that a tsconfig/jsconfig of the scope maps to project files. */
  isLocal(specifier: string, scopeDir: string): boolean {
    const aliases = this.jsAliases(scopeDir);
    if (aliases.prefixes.some((prefix) => specifier.startsWith(prefix))) return true;
    if (aliases.exact.has(specifier)) return true;
    if (aliases.baseUrl === undefined) return false;
    const first = specifier
      .split("/")
      .slice(0, specifier.startsWith("@") ? 2 : 1)
      .join("/");
    const base = joinRelative(aliases.baseUrl, first);
    return JS_EXTENSIONS.some((extension) => this.paths.has(`${base}${extension}`));
  }

  private jsAliases(scopeDir: string): JsAliases {
    let aliases = this.aliases.get(scopeDir);
    if (!aliases) {
      aliases = readJsAliases(this.root, scopeDir);
      this.aliases.set(scopeDir, aliases);
    }
    return aliases;
  }
}

interface JsAliases {
  prefixes: string[];
  exact: Set<string>;
  /** Relative to the project. */
  baseUrl?: string;
}

function readJsAliases(root: string, scopeDir: string): JsAliases {
  const aliases: JsAliases = { prefixes: [], exact: new Set() };
  for (const name of ["tsconfig.json", "jsconfig.json"]) {
    const path = joinRelative(scopeDir, name);
    let options: Record<string, unknown> | undefined;
    try {
      const config = JSON.parse(stripJsonComments(readRegularFile(join(root, path), path))) as {
        compilerOptions?: Record<string, unknown>;
      };
      options = config.compilerOptions;
    } catch {
      continue; // absent or unreadable: no aliases from this file (the compiler would complain)
    }
    const paths = options?.paths;
    if (typeof paths === "object" && paths !== null) {
      for (const key of Object.keys(paths)) {
        const star = key.indexOf("*");
        if (star === -1) aliases.exact.add(key);
        else if (star > 0) aliases.prefixes.push(key.slice(0, star));
      }
    }
    if (typeof options?.baseUrl === "string") aliases.baseUrl = joinRelative(scopeDir, options.baseUrl);
  }
  return aliases;
}

/** tsconfig files are JSON with comments and trailing commas. */
export function stripJsonComments(text: string): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const c = text.charAt(i);
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (c === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      i = end === -1 ? text.length : end + 2;
    } else {
      out += c;
      i++;
    }
  }
  return out.replace(/,(\s*[}\]])/g, "$1");
}
