import type { AuditEntryView } from "./audit-query.js";

const COLUMNS = [
  "seq",
  "at",
  "actor",
  "action",
  "subjectType",
  "subjectId",
  "before",
  "after",
  "prevHash",
  "hash",
] as const;

/** The header line of the CSV export. */
export function auditCsvHeader(): string {
  return `${COLUMNS.join(",")}\r\n`;
}

/** One entry as an RFC 4180 line; `before`/`after` as JSON text. */
export function auditCsvLine(entry: AuditEntryView): string {
  return `${COLUMNS.map((column) => {
    const value = entry[column];
    return csvCell(value === null ? "" : typeof value === "object" ? JSON.stringify(value) : String(value));
  }).join(",")}\r\n`;
}

/**
 * A quoted cell. Text starting like a formula (`=`, `+`, `-`, `@`, tab, CR) gets a leading `'` so a
 * spreadsheet shows it instead of running it (OWASP's CSV injection advice): an actor or project
 * name is user input. The JSON export stays verbatim; it is the one `lk audit verify` checks.
 */
function csvCell(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}
