import * as z from "zod";

/**
 * OSV records (ossf/osv-schema 1.6). Every object is loose: fields a later schema version adds
 * are kept (and stored) rather than rejected. What the matcher relies on is strict: range types,
 * one event kind per event, an `introduced` in every range, a `repo` on GIT ranges, RFC 3339
 * timestamps. Open-ended vocabularies (severity and reference types) are plain strings so that a
 * new type in a feed does not cost a whole advisory; the known values are listed in the types.
 */

/** RFC 3339 date-time, any precision of fractional seconds, `Z` or an offset. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

const timestamp = z.string().regex(RFC3339, "expected an RFC 3339 timestamp (2024-01-31T12:00:00Z)");
const nonEmpty = z.string().min(1, "expected a non-empty string");
const jsonObject = z.record(z.string(), z.unknown());

/** Values named by the spec; others are accepted and shown as they are. */
export type OsvSeverityType = "CVSS_V2" | "CVSS_V3" | "CVSS_V4" | "Ubuntu";
export const OSV_RANGE_TYPES = ["SEMVER", "ECOSYSTEM", "GIT"] as const;
export type OsvRangeType = (typeof OSV_RANGE_TYPES)[number];
export const OSV_EVENT_KINDS = ["introduced", "fixed", "last_affected", "limit"] as const;
export type OsvEventKind = (typeof OSV_EVENT_KINDS)[number];

const severitySchema = z.looseObject({ type: nonEmpty, score: nonEmpty });

const eventSchema = z
  .looseObject({
    introduced: z.string().optional(),
    fixed: z.string().optional(),
    last_affected: z.string().optional(),
    limit: z.string().optional(),
  })
  .superRefine((event, ctx) => {
    const kinds = OSV_EVENT_KINDS.filter((kind) => event[kind] !== undefined);
    if (kinds.length !== 1) {
      ctx.addIssue({
        code: "custom",
        message: `an event must have exactly one of ${OSV_EVENT_KINDS.join(", ")} (found ${kinds.length === 0 ? "none" : kinds.join(", ")})`,
      });
    }
  });

const rangeSchema = z
  .looseObject({
    type: z.enum(OSV_RANGE_TYPES, { error: `expected one of ${OSV_RANGE_TYPES.join(", ")}` }),
    repo: z.string().optional(),
    events: z.array(eventSchema).min(1, "a range needs at least one event"),
    database_specific: jsonObject.optional(),
  })
  .superRefine((range, ctx) => {
    if (!range.events.some((event) => event.introduced !== undefined)) {
      ctx.addIssue({ code: "custom", path: ["events"], message: "a range needs an introduced event" });
    }
    if (
      range.events.some((event) => event.fixed !== undefined) &&
      range.events.some((event) => event.last_affected !== undefined)
    ) {
      ctx.addIssue({
        code: "custom",
        path: ["events"],
        message: "a range may have fixed or last_affected events, not both",
      });
    }
    if (range.type === "GIT" && !range.repo) {
      ctx.addIssue({ code: "custom", path: ["repo"], message: "a GIT range needs a repo" });
    }
  });

const packageSchema = z.looseObject({
  ecosystem: nonEmpty,
  name: nonEmpty,
  purl: z.string().optional(),
});

const affectedSchema = z.looseObject({
  package: packageSchema.optional(),
  severity: z.array(severitySchema).optional(),
  ranges: z.array(rangeSchema).optional(),
  versions: z.array(z.string()).optional(),
  ecosystem_specific: jsonObject.optional(),
  database_specific: jsonObject.optional(),
});

const referenceSchema = z.looseObject({ type: nonEmpty, url: nonEmpty });

const creditSchema = z.looseObject({
  name: nonEmpty,
  contact: z.array(z.string()).optional(),
  type: z.string().optional(),
});

/** The zod schema of one OSV record. Prefer `parseOsvRecord`, which formats the errors. */
export const osvRecordSchema = z.looseObject({
  schema_version: z.string().optional(),
  id: z.string().regex(/^\S+$/, "expected a non-empty id without spaces"),
  modified: timestamp,
  published: timestamp.optional(),
  withdrawn: timestamp.optional(),
  aliases: z.array(nonEmpty).optional(),
  related: z.array(nonEmpty).optional(),
  upstream: z.array(nonEmpty).optional(),
  summary: z.string().optional(),
  details: z.string().optional(),
  severity: z.array(severitySchema).optional(),
  affected: z.array(affectedSchema).optional(),
  references: z.array(referenceSchema).optional(),
  credits: z.array(creditSchema).optional(),
  database_specific: jsonObject.optional(),
});

export type OsvRecord = z.infer<typeof osvRecordSchema>;
export type OsvAffected = z.infer<typeof affectedSchema>;
export type OsvPackage = z.infer<typeof packageSchema>;
export type OsvRange = z.infer<typeof rangeSchema>;
/** Exactly one of the four kinds is set (checked by the schema). */
export type OsvEvent = z.infer<typeof eventSchema>;
export type OsvSeverity = z.infer<typeof severitySchema>;
export type OsvReference = z.infer<typeof referenceSchema>;
export type OsvCredit = z.infer<typeof creditSchema>;

export type OsvParseResult = { record: OsvRecord } | { error: string };

/** How many problems one error message lists before summarising the rest. */
const MAX_LISTED_ISSUES = 5;

/**
 * Validates one decoded OSV document. Never throws for bad data: the error names `origin`
 * (a file or URL), the record id when there is one, and each problem with its path
 * (`affected[0].ranges[1].events[2]: ...`), so callers can count and report rejected records.
 */
export function parseOsvRecord(json: unknown, origin: string): OsvParseResult {
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    return { error: `${origin}: expected an OSV record (a JSON object), found ${describeValue(json)}` };
  }
  const result = osvRecordSchema.safeParse(json);
  if (result.success) return { record: result.data };
  const rawId = (json as { id?: unknown }).id;
  const id = typeof rawId === "string" && rawId !== "" ? ` (${rawId})` : "";
  const issues = result.error.issues;
  const listed = issues.slice(0, MAX_LISTED_ISSUES).map((issue) => {
    const path = formatPath(issue.path);
    // zod words a missing field as "expected string, received undefined"; say it plainly.
    const message =
      issue.code === "invalid_type" && /received undefined$/.test(issue.message)
        ? "required field is missing"
        : issue.message.replace(/^Invalid input: /, "");
    return path ? `${path}: ${message}` : message;
  });
  const more = issues.length > MAX_LISTED_ISSUES ? `; and ${issues.length - MAX_LISTED_ISSUES} more` : "";
  return { error: `${origin}${id}: ${listed.join("; ")}${more}` };
}

/** `["affected", 0, "ranges", 1]` → `affected[0].ranges[1]`. */
function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += out === "" ? String(segment) : `.${String(segment)}`;
  }
  return out;
}

function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "undefined" ? "nothing" : `a ${typeof value}`;
}
