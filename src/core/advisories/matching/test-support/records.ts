import type { OsvAffected, OsvEvent, OsvRange, OsvRecord } from "../../schema/osv.js";

/** A hand-made OSV record for table-driven tests: only what the case is about, the rest filled in. */
export function osvRecord(id: string, affected: OsvAffected[], extra: Partial<OsvRecord> = {}): OsvRecord {
  return { id, modified: "2024-01-01T00:00:00Z", affected, ...extra };
}

/** One `affected` entry about a package. */
export function about(
  ecosystem: "npm" | "PyPI",
  name: string,
  ranges: OsvRange[],
  versions?: string[],
): OsvAffected {
  const entry: OsvAffected = { package: { ecosystem, name }, ranges };
  if (versions) entry.versions = versions;
  return entry;
}

/** A range from compact events: `["introduced", "0"], ["fixed", "1.2.3"]`. */
export function range(type: OsvRange["type"], ...events: [keyof OsvEvent & string, string][]): OsvRange {
  const result: OsvRange = { type, events: events.map(([kind, value]) => ({ [kind]: value })) };
  if (type === "GIT") result.repo = "https://github.com/example/project";
  return result;
}
