import { printable } from "../../core/files/printable.js";
import { type Paint, PLAIN, paint, type Terminal } from "../terminal.js";

export interface Column<Row> {
  header: string;
  value(row: Row): string;
  align?: "left" | "right";
  /** A colour for the cell on a terminal that takes colour (severities, verdicts). */
  style?(row: Row): Paint | undefined;
  /** Never shortened to fit a terminal (names and versions people copy); free text is. */
  keep?: boolean;
}

const GAP = "  ";
/** A shortened column keeps at least this much of its text (or its header, if longer). */
const MIN_WIDTH = 12;

/**
 * A plain-text table sized to its content: header, separator, one line per row. On a terminal of
 * known width a row that would not fit is shortened with `…` in its widest free-text column, then
 * the next widest, so lines do not wrap; piped output keeps every cell whole (JSON/CSV have it all).
 */
export function renderTable<Row>(
  columns: readonly Column<Row>[],
  rows: readonly Row[],
  terminal: Terminal = PLAIN,
): string {
  // Values come from lockfiles (names, versions): control characters in them are shown escaped.
  const cells = rows.map((row) => columns.map((column) => printable(column.value(row))));
  const widths = columns.map((column, i) =>
    Math.max(column.header.length, ...cells.map((line) => (line[i] ?? "").length)),
  );
  if (terminal.width !== undefined) fitWidths(columns, widths, terminal.width);
  const format = (values: string[], styles?: (Paint | undefined)[]) =>
    values
      .map((value, i) => {
        const width = widths[i] ?? 0;
        const text = value.length > width ? `${value.slice(0, Math.max(0, width - 1))}…` : value;
        const padding = " ".repeat(width - text.length);
        const shown = paint(terminal, styles?.[i], text);
        return columns[i]?.align === "right" ? padding + shown : shown + padding;
      })
      .join(GAP)
      .trimEnd();
  const lines = [format(columns.map((c) => c.header)), format(widths.map((w) => "-".repeat(w)))];
  cells.forEach((line, r) => {
    const row = rows[r] as Row;
    lines.push(
      format(
        line,
        columns.map((c) => c.style?.(row)),
      ),
    );
  });
  return `${lines.join("\n")}\n`;
}

/** Narrows the widest shrinkable column, one character at a time, until the row fits `width`. */
function fitWidths<Row>(columns: readonly Column<Row>[], widths: number[], width: number): void {
  const total = () => widths.reduce((sum, w) => sum + w, 0) + GAP.length * (widths.length - 1);
  const floor = columns.map((c) => Math.max(MIN_WIDTH, c.header.length));
  let overflow = total() - width;
  while (overflow > 0) {
    let widest = -1;
    columns.forEach((column, i) => {
      if (column.keep || column.align === "right" || (widths[i] ?? 0) <= (floor[i] ?? 0)) return;
      if (widest < 0 || (widths[i] ?? 0) > (widths[widest] ?? 0)) widest = i;
    });
    if (widest < 0) return; // nothing left to shorten: the terminal wraps the rest
    widths[widest] = (widths[widest] ?? 0) - 1;
    overflow--;
  }
}
