/**
 * Every JSON document writes its points in time one way: RFC 3339 in UTC with milliseconds
 * (`2026-12-07T17:39:20.000Z`, what `Date.prototype.toISOString` gives). Git gives author dates
 * with the author's offset and OSV cursors carry microseconds; documents convert them here.
 */
export function utcTimestamp(value: string): string {
  const time = Date.parse(value);
  return Number.isNaN(time) ? value : new Date(time).toISOString();
}

/** The fields that hold a point in time, wherever they sit in a document. */
const TIMESTAMP_KEYS = new Set([
  "authorDate",
  "updatedAt",
  "newestRecord",
  "cursor",
  "publishedAt",
  "generatedAt",
]);

/** A copy of `value` with each timestamp field (by name, at any depth) in the one format. */
export function withUtcTimestamps<T>(value: T): T {
  return convert(value) as T;
}

function convert(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(convert);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    out[key] = TIMESTAMP_KEYS.has(key) && typeof field === "string" ? utcTimestamp(field) : convert(field);
  }
  return out;
}
