import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * No module may import itself back through others at run time. In a cycle, one module's body runs
 * before another's constants exist: Node stops with a ReferenceError, and the bundled CLI silently
 * reads `undefined` (a lockfile parser list once held one). Type-only imports and `import()` on use
 * do not count: they create no evaluation order.
 */
const SRC = dirname(fileURLToPath(import.meta.url));
const STATIC_IMPORT = /^(?:import|export)\s+(?!type\b)([^;]*?)\s+from\s+["'](\.{1,2}\/[^"']+)["']/gm;

function modules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "test-support" ? [] : modules(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [path] : [];
  });
}

/** Whether an import clause brings in values (not only `type` names). */
function importsValues(clause: string): boolean {
  const braces = /\{([^}]*)\}/.exec(clause);
  const outside = clause
    .replace(/\{[^}]*\}/, "")
    .replace(/,/g, "")
    .trim();
  if (outside !== "") return true; // a default or namespace import, or `export *`
  const names = (braces?.[1] ?? "")
    .split(",")
    .map((name) => name.trim())
    .filter(Boolean);
  return names.some((name) => !name.startsWith("type "));
}

function runtimeImports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(STATIC_IMPORT)]
    .filter((match) => importsValues(match[1] ?? ""))
    .map((match) => normalize(join(dirname(file), (match[2] ?? "").replace(/\.js$/, ".ts"))));
}

/** Strongly connected components of more than one module (Tarjan). */
function cycles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node) ?? 0);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(next) ?? 0));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node) ?? 0, index.get(next) ?? 0));
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    for (let member = stack.pop(); member !== undefined; member = stack.pop()) {
      onStack.delete(member);
      component.push(relative(SRC, member));
      if (member === node) break;
    }
    if (component.length > 1) found.push(component.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

describe("module graph", () => {
  it("has no import cycle at run time", () => {
    const graph = new Map(modules(SRC).map((file) => [file, runtimeImports(file)]));
    expect(graph.size).toBeGreaterThan(300);
    expect(cycles(graph)).toEqual([]);
  });
});
