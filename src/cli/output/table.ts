import { printable } from "../../core/files/printable.js";

export interface Column<Row> {
  header: string;
  value(row: Row): string;
  align?: "left" | "right";
}

/** A plain-text table sized to its content: header, separator, one line per row. */
export function renderTable<Row>(columns: readonly Column<Row>[], rows: readonly Row[]): string {
  // Values come from lockfiles (names, versions): control characters in them are shown escaped.
  const cells = rows.map((row) => columns.map((column) => printable(column.value(row))));
  const widths = columns.map((column, i) =>
    Math.max(column.header.length, ...cells.map((line) => (line[i] ?? "").length)),
  );
  const format = (values: string[]) =>
    values
      .map((value, i) =>
        columns[i]?.align === "right" ? value.padStart(widths[i] ?? 0) : value.padEnd(widths[i] ?? 0),
      )
      .join("  ")
      .trimEnd();
  const lines = [format(columns.map((c) => c.header)), format(widths.map((w) => "-".repeat(w)))];
  for (const line of cells) lines.push(format(line));
  return `${lines.join("\n")}\n`;
}
