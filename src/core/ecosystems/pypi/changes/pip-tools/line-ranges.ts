import { type LogicalLine, readLogicalLines } from "../../requirements/logical-lines.js";

/** A logical line of a requirements file and the physical lines it spans (0-based, inclusive). */
export interface LineRange {
  logical: LogicalLine;
  first: number;
  last: number;
}

/**
 * The logical lines of requirements text (split on `\n`, a trailing `\r` ignored) with the
 * physical lines behind each, so an edit can replace a whole continued line and nothing else.
 */
export function logicalLineRanges(lines: readonly string[]): LineRange[] {
  return readLogicalLines(lines.join("\n")).map((logical) => {
    const first = logical.line - 1;
    let last = first;
    while (last < lines.length - 1 && continues(lines[last])) last++;
    return { logical, first, last };
  });
}

/** pip joins a line ending in `\` with the next, unless it is a comment line. */
function continues(line: string | undefined): boolean {
  if (line === undefined) return false;
  const text = line.endsWith("\r") ? line.slice(0, -1) : line;
  return text.endsWith("\\") && !/^\s*#/.test(text);
}
