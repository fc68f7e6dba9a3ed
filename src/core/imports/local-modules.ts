import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { dirnameRelative, joinRelative } from "../files/project-files.js";
import { topLevelModule } from "./python-module-names.js";

const JS_EXTENSIONS = ["", ".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".json", ".vue", ".svelte"];

/**
 * Modules that are the project's own code although imported by a bare name: Python packages and
 * modules beside the importing file or at its project's root (`import app.models`), and
 * TypeScript/JavaScript path aliases (`compilerOptions.paths`, `baseUrl` in tsconfig/jsconfig).
 */
export class LocalModules {
  private readonly exists = new Map<string, boolean>();
  private readonly aliases = new Map<string, JsAliases>();

  constructor(private readonly root: string) {}

  /** A Python top-level module found in the file's folder or one above it, up to its project. */
  isLocalPython(module: string, fileDir: string, projectDir: string): boolean {
    const top = topLevelModule(module);
    const dirs: string[] = [];
    for (let dir = fileDir; ; dir = dirnameRelative(dir)) {
      dirs.push(dir);
      if (dir === projectDir || dir === ".") break;
    }
    dirs.push(joinRelative(projectDir, "src"));
    return dirs.some((dir) => this.has(joinRelative(dir, `${top}.py`)) || this.has(joinRelative(dir, top)));
  }

  /** A specifier that a tsconfig/jsconfig of the scope maps to project files. */
  isLocalJs(specifier: string, scopeDir: string): boolean {
    const aliases = this.jsAliases(scopeDir);
    if (aliases.prefixes.some((prefix) => specifier.startsWith(prefix))) return true;
    if (aliases.exact.has(specifier)) return true;
    if (aliases.baseUrl === undefined) return false;
    const first = specifier
      .split("/")
      .slice(0, specifier.startsWith("@") ? 2 : 1)
      .join("/");
    const base = joinRelative(aliases.baseUrl, first);
    return JS_EXTENSIONS.some((extension) => this.has(`${base}${extension}`));
  }

  private has(path: string): boolean {
    let known = this.exists.get(path);
    if (known === undefined) {
      known = existsSync(join(this.root, path));
      this.exists.set(path, known);
    }
    return known;
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
      const config = JSON.parse(stripJsonComments(readFileSync(join(root, path), "utf8"))) as {
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
