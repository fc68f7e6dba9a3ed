import { parse, TomlError } from "smol-toml";
import { parseError } from "../../../errors.js";

/** A parsed TOML table (smol-toml returns objects without a prototype). */
export type TomlTable = Record<string, unknown>;

/**
 * Parses a TOML document, turning syntax errors into a PARSE error that names the file and
 * the line smol-toml reports, so the user can jump to it.
 */
export function readToml(file: string, content: string): TomlTable {
  try {
    return parse(content) as TomlTable;
  } catch (error: unknown) {
    if (error instanceof TomlError) {
      // smol-toml appends a code excerpt after a blank line; the first line is the message.
      const reason = error.message.split("\n", 1)[0]?.replace(/^Invalid TOML document: /, "") ?? "";
      throw parseError(file, `not valid TOML: ${reason}`, error.line, error);
    }
    throw parseError(file, `not valid TOML: ${String(error)}`, undefined, error);
  }
}

/**
 * 1-based line of each `[[name]]` header, in order. TOML parsers keep no positions, and an
 * array of tables maps one to one onto its headers, so the i-th entry starts at the i-th
 * header. Returns undefined when the count does not match (a header inside a multi-line
 * string, say), so callers never attach a wrong line.
 */
export function arrayTableLines(content: string, name: string, expected: number): number[] | undefined {
  const header = `[[${name}]]`;
  const lines: number[] = [];
  let line = 1;
  let start = 0;
  while (start < content.length) {
    let pos = start;
    while (content[pos] === " " || content[pos] === "\t") pos++;
    if (content.startsWith(header, pos)) {
      const next = content[pos + header.length];
      if (
        next === undefined ||
        next === "\n" ||
        next === "\r" ||
        next === " " ||
        next === "\t" ||
        next === "#"
      )
        lines.push(line);
    }
    const newline = content.indexOf("\n", start);
    if (newline < 0) break;
    start = newline + 1;
    line++;
  }
  return lines.length === expected ? lines : undefined;
}
