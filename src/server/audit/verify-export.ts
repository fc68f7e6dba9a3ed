import * as z from "zod";
import { LockkeeperError } from "../../core/errors.js";
import { entryHash } from "./audit-log.js";

const exportedEntry = z.object({
  seq: z.number().int().positive(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  subjectType: z.string(),
  subjectId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  prevHash: z.string().nullable(),
  hash: z.string(),
});

const exportDocument = z.object({
  kind: z.literal("lockkeeper-audit-export"),
  schemaVersion: z.literal(1),
  entries: z.array(exportedEntry),
});

export type ExportVerification =
  | {
      ok: true;
      entries: number;
      /** Whether the file holds the whole log from its first entry, without gaps (an unfiltered export). */
      complete: boolean;
      head: string | null;
    }
  | { ok: false; entries: number; brokenAt: number; reason: string };

/**
 * Checks an audit export (`GET /api/v1/audit/export`) without the server: every entry must hash
 * to its `hash` given its `prevHash`, and each entry directly following another (consecutive
 * `seq`) must point at it. A filtered export verifies entry by entry; an unfiltered one as a chain.
 */
export function verifyAuditExport(text: string): ExportVerification {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error: unknown) {
    throw new LockkeeperError("PARSE", `not JSON: ${(error as Error).message}`);
  }
  const document = exportDocument.safeParse(parsed);
  if (!document.success) {
    const issue = document.error.issues[0];
    throw new LockkeeperError(
      "PARSE",
      `not a Lockkeeper audit export: ${issue?.path.join(".") || "document"}: ${issue?.message ?? "invalid"}`,
    );
  }
  const { entries } = document.data;
  let complete = entries[0] === undefined || (entries[0].seq === 1 && entries[0].prevHash === null);
  for (const [index, entry] of entries.entries()) {
    const previous = index > 0 ? entries[index - 1] : undefined;
    if (previous && entry.seq <= previous.seq) {
      return { ok: false, entries: index, brokenAt: entry.seq, reason: "entries are out of order" };
    }
    if (previous && entry.seq === previous.seq + 1 && entry.prevHash !== previous.hash) {
      return {
        ok: false,
        entries: index,
        brokenAt: entry.seq,
        reason: "does not follow the entry before it",
      };
    }
    if (previous && entry.seq !== previous.seq + 1) complete = false;
    const expected = entryHash(entry.prevHash, {
      at: entry.at,
      actor: entry.actor,
      action: entry.action,
      subject_type: entry.subjectType,
      subject_id: entry.subjectId,
      before: entry.before ?? null,
      after: entry.after ?? null,
    });
    if (expected !== entry.hash) {
      return {
        ok: false,
        entries: index,
        brokenAt: entry.seq,
        reason: "its content does not match its hash",
      };
    }
  }
  return { ok: true, entries: entries.length, complete, head: entries.at(-1)?.hash ?? null };
}
