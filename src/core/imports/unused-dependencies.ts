import { readFileSync } from "node:fs";
import { join } from "node:path";
import { dirnameRelative, joinRelative } from "../files/project-files.js";
import type { DependencyScope } from "./declared-dependencies.js";
import type { ImportFinding } from "./import-findings.js";

/**
 * Declared production dependencies of a scope that no production file imports. Not reported:
 * type packages (`@types/*`), configured exemptions, and npm packages run as commands from the
 * manifest's `scripts` (by package name, or by a `bin` name read from an installed copy).
 */
export function unusedDependencies(
  root: string,
  scope: DependencyScope,
  used: ReadonlySet<string>,
  exempt: (name: string) => boolean,
): ImportFinding[] {
  const findings: ImportFinding[] = [];
  for (const [key, declaration] of scope.declared) {
    if (declaration.kind !== "prod" || !declaration.direct || used.has(key)) continue;
    if (declaration.name.startsWith("@types/") || exempt(declaration.name)) continue;
    if (scope.ecosystem === "npm" && runByScripts(root, scope, declaration.name)) continue;
    findings.push({
      rule: "unused",
      severity: "warning",
      ecosystem: scope.ecosystem,
      package: declaration.name,
      manifest: declaration.source,
      locations: [],
    });
  }
  return findings;
}

function runByScripts(root: string, scope: DependencyScope, name: string): boolean {
  if (scope.scripts === "") return false;
  const commands = [name.slice(name.lastIndexOf("/") + 1), ...installedBins(root, scope.dir, name)];
  return commands.some((command) =>
    new RegExp(`(^|[\\s;&|(/"'])${escapeRegExp(command)}($|[\\s;&|)"'])`).test(scope.scripts),
  );
}

/** `bin` names of the package as installed in the nearest node_modules at or above the scope. */
function installedBins(root: string, scopeDir: string, name: string): string[] {
  for (let dir = scopeDir; ; dir = dirnameRelative(dir)) {
    try {
      const text = readFileSync(join(root, joinRelative(dir, "node_modules", name, "package.json")), "utf8");
      const bin = (JSON.parse(text) as { bin?: unknown }).bin;
      if (typeof bin === "string") return [name.slice(name.lastIndexOf("/") + 1)];
      if (typeof bin === "object" && bin !== null) return Object.keys(bin);
      return [];
    } catch {
      // not installed here (or unreadable): try the folder above
    }
    if (dir === ".") return [];
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
