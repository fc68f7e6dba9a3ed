import { Readable } from "node:stream";
import type { FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import { authorize } from "../auth/authorize.js";
import type { Database } from "../db/schema.js";
import { decodeCursor, PAGE_QUERY_PROPERTIES, type PageQuery, page } from "../pagination.js";
import { AUDIT_FILTER_PROPERTIES, type AuditFilter, auditEntryView, auditQuery } from "./audit-query.js";
import { auditCsvHeader, auditCsvLine } from "./csv.js";
import { verifyAuditLog } from "./verify.js";

export interface AuditRouteDependencies {
  db: Kysely<Database>;
  now(): Date;
}

/** Entries read per round trip while exporting: the export streams, whatever the log's size. */
const EXPORT_BATCH = 2_000;

export function registerAuditRoutes(app: FastifyInstance, deps: AuditRouteDependencies): void {
  const { db } = deps;

  app.get<{ Querystring: AuditFilter & PageQuery }>(
    "/api/v1/audit",
    {
      schema: {
        summary: "Audit entries, newest first",
        tags: ["audit"],
        querystring: {
          type: "object",
          additionalProperties: false,
          properties: { ...AUDIT_FILTER_PROPERTIES, ...PAGE_QUERY_PROPERTIES },
        },
      },
    },
    async (request) => {
      authorize(request, "audit:read");
      const { limit = 50, cursor, ...filter } = request.query;
      let query = auditQuery(db, filter)
        .orderBy("seq", "desc")
        .limit(limit + 1);
      if (cursor) query = query.where("seq", "<", String(decodeCursor(cursor, 1)[0]));
      const result = page(await query.execute(), limit, (row) => [row.seq]);
      return { items: result.items.map(auditEntryView), nextCursor: result.nextCursor };
    },
  );

  app.get<{ Querystring: AuditFilter & { format?: "json" | "csv" } }>(
    "/api/v1/audit/export",
    {
      schema: {
        summary: "Every matching entry as JSON (verifiable with lk audit verify --file) or CSV",
        tags: ["audit"],
        querystring: {
          type: "object",
          additionalProperties: false,
          properties: { ...AUDIT_FILTER_PROPERTIES, format: { enum: ["json", "csv"], default: "json" } },
        },
      },
    },
    async (request, reply) => {
      authorize(request, "audit:read");
      const { format = "json", ...filter } = request.query;
      const stamp = deps.now().toISOString();
      const entries = exportedEntries(db, filter);
      const body =
        format === "csv"
          ? Readable.from(csvLines(entries))
          : Readable.from(jsonDocument(entries, stamp, filter));
      return reply
        .type(format === "csv" ? "text/csv; charset=utf-8" : "application/json")
        .header(
          "content-disposition",
          `attachment; filename="lockkeeper-audit-${stamp.slice(0, 10)}.${format}"`,
        )
        .send(body);
    },
  );

  app.get(
    "/api/v1/audit/verify",
    { schema: { summary: "Recompute the hash chain", tags: ["audit"] } },
    async (request) => {
      authorize(request, "audit:read");
      return verifyAuditLog(db);
    },
  );
}

async function* exportedEntries(db: Kysely<Database>, filter: AuditFilter) {
  let after = "0";
  for (;;) {
    const rows = await auditQuery(db, filter)
      .where("seq", ">", after)
      .orderBy("seq")
      .limit(EXPORT_BATCH)
      .execute();
    for (const row of rows) yield auditEntryView(row);
    if (rows.length < EXPORT_BATCH) return;
    after = (rows[rows.length - 1] as { seq: string }).seq;
  }
}

async function* csvLines(entries: AsyncIterable<ReturnType<typeof auditEntryView>>) {
  yield auditCsvHeader();
  for await (const entry of entries) yield auditCsvLine(entry);
}

/** `{ schemaVersion, exportedAt, filter, entries: [...] }`, written entry by entry. */
async function* jsonDocument(
  entries: AsyncIterable<ReturnType<typeof auditEntryView>>,
  exportedAt: string,
  filter: AuditFilter,
) {
  yield `{"schemaVersion":1,"kind":"lockkeeper-audit-export","exportedAt":${JSON.stringify(exportedAt)},"filter":${JSON.stringify(filter)},"entries":[`;
  let first = true;
  for await (const entry of entries) {
    yield `${first ? "\n" : ",\n"}${JSON.stringify(entry)}`;
    first = false;
  }
  yield "\n]}\n";
}
