/**
 * OSV's `modified_id.csv`: one line per record in an export folder, `<modified>,<id>`, newest
 * first, no header (`2024-08-15T06:21:52.123456Z,PYSEC-2024-1`). The bucket-wide file at the
 * root writes the id as `<Ecosystem>/<id>`; both are read here. Incremental updates compare these
 * timestamps with the stored records' `modified`.
 */

export interface ModifiedEntry {
  id: string;
  /** As written in the file. */
  modified: string;
  /** `modified` as epoch milliseconds with microseconds in the fraction (see `timestampMs`). */
  modifiedMs: number;
}

export interface ModifiedIdList {
  entries: ModifiedEntry[];
  /** Lines that are not `<timestamp>,<id>`: 1-based line number and text. */
  malformed: { line: number; text: string }[];
}

/** Parses the CSV text. Tolerates CRLF, blank lines and a `modified,id` header line. */
export function parseModifiedIdCsv(text: string): ModifiedIdList {
  const entries: ModifiedEntry[] = [];
  const malformed: ModifiedIdList["malformed"] = [];
  const lines = text.split("\n");
  for (let index = 0; index < lines.length; index++) {
    const line = (lines[index] ?? "").trim();
    if (line === "") continue;
    const comma = line.indexOf(",");
    const modified = comma > 0 ? line.slice(0, comma).trim() : "";
    let id = comma > 0 ? line.slice(comma + 1).trim() : "";
    const modifiedMs = timestampMs(modified);
    if (index === 0 && Number.isNaN(modifiedMs) && /^[a-z_]+,[a-z_]+$/i.test(line)) continue;
    // OSV ids never contain "/": anything before the last one is the root file's ecosystem folder.
    id = id.slice(id.lastIndexOf("/") + 1);
    if (Number.isNaN(modifiedMs) || id === "" || /[\s,]/.test(id)) {
      malformed.push({ line: index + 1, text: line.length > 120 ? `${line.slice(0, 120)}…` : line });
      continue;
    }
    entries.push({ id, modified, modifiedMs });
  }
  return { entries, malformed };
}

/**
 * An RFC 3339 timestamp as epoch milliseconds, keeping microseconds as the fraction (Date.parse
 * stops at milliseconds, and OSV stamps often carry six digits). NaN when it is not a timestamp.
 */
export function timestampMs(value: string): number {
  if (!/^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}/.test(value)) return Number.NaN;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return ms;
  const fraction = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}\.(\d+)/.exec(value)?.[1];
  if (!fraction || fraction.length <= 3) return ms;
  const micros = Number(fraction.slice(3, 6).padEnd(3, "0"));
  return ms + micros / 1000;
}
