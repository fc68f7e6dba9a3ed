import type { SourceImport } from "../../../imports/types.js";
import { scanJsImports } from "./js-import-scanner.js";

/** The languages of npm source files, by extension. */
export const NPM_SOURCE_EXTENSIONS: Readonly<Record<string, string>> = {
  js: "js",
  mjs: "js",
  cjs: "js",
  jsx: "js",
  ts: "ts",
  mts: "ts",
  cts: "ts",
  tsx: "js", // TSX: TypeScript with JSX, lexed like JSX-enabled JavaScript
  vue: "component",
  svelte: "component",
};

/** The imports of one JavaScript, TypeScript or component (Vue, Svelte) file. */
export function scanSource(text: string, language: string): SourceImport[] {
  switch (language) {
    case "js":
    case "ts":
      if (!(text.includes("import") || text.includes("require"))) return [];
      return scanJsImports(text, { jsx: language === "js" });
    case "component":
      return componentScripts(text).flatMap((block) =>
        scanJsImports(block.content, { jsx: true }).map((found) => ({
          ...found,
          line: found.line + block.lineOffset,
        })),
      );
    default:
      return [];
  }
}

/** The `<script>` blocks of a Vue or Svelte component, with the line each starts on. */
export function componentScripts(text: string): { content: string; lineOffset: number }[] {
  const blocks: { content: string; lineOffset: number }[] = [];
  const open = /<script\b[^>]*>/gi;
  for (let match = open.exec(text); match; match = open.exec(text)) {
    const start = match.index + match[0].length;
    const end = text.indexOf("</script>", start);
    const stop = end === -1 ? text.length : end;
    blocks.push({ content: text.slice(start, stop), lineOffset: countNewlines(text, start) });
    open.lastIndex = stop;
  }
  return blocks;
}

function countNewlines(text: string, end: number): number {
  let count = 0;
  for (let at = text.indexOf("\n"); at !== -1 && at < end; at = text.indexOf("\n", at + 1)) count++;
  return count;
}
