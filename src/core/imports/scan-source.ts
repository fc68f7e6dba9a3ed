import { scanJsImports } from "./js-import-scanner.js";
import type { SourceLanguage } from "./production-files.js";
import { scanPythonImports } from "./python-import-scanner.js";
import type { SourceImport } from "./types.js";

/** The imports of one source file in its language. */
export function scanSource(text: string, language: SourceLanguage): SourceImport[] {
  switch (language) {
    case "python":
      // Every Python import form contains the word; most modules skip the lexer entirely.
      return text.includes("import") ? scanPythonImports(text) : [];
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
