import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import { decodeCursor, page } from "../pagination.js";
import type { DeliveryRecord } from "./deliver.js";

/** One attempt as the API lists it. */
export interface DeliveryView {
  id: string;
  deliveryId: string;
  eventKind: string;
  messageKey: string;
  attempt: number;
  status: "delivered" | "retrying" | "failed";
  /** HTTP status, or SMTP reply code. */
  responseCode: number | null;
  error: string | null;
  durationMs: number;
  createdAt: string;
}

/**
 * The `record` of deliver(): each attempt a row of notification_deliveries. Not audited: the log
 * is the server's own account of its work, not a change someone made.
 */
export function deliveryLog(db: Kysely<Database>): (record: DeliveryRecord) => Promise<void> {
  return async (record) => {
    await db
      .insertInto("notification_deliveries")
      .values({
        id: record.id,
        delivery_id: record.deliveryId,
        channel_id: record.channelId,
        event_kind: record.eventKind,
        message_key: record.messageKey,
        attempt: record.attempt,
        status: record.status,
        response_code: record.responseCode,
        error: record.error,
        duration_ms: record.durationMs,
        created_at: record.at,
      })
      .execute();
  };
}

/** A channel's attempts, newest first, in keyset pages. */
export async function listDeliveries(
  db: Kysely<Database>,
  channelId: string,
  limit: number,
  cursor: string | undefined,
): Promise<{ items: DeliveryView[]; nextCursor: string | null }> {
  let query = db
    .selectFrom("notification_deliveries")
    .selectAll()
    .where("channel_id", "=", channelId)
    .orderBy("id", "desc")
    .limit(limit + 1);
  if (cursor !== undefined) query = query.where("id", "<", String(decodeCursor(cursor, 1)[0]));
  const result = page(await query.execute(), limit, (row) => [row.id]);
  return {
    items: result.items.map((row) => ({
      id: row.id,
      deliveryId: row.delivery_id,
      eventKind: row.event_kind,
      messageKey: row.message_key,
      attempt: row.attempt,
      status: row.status,
      responseCode: row.response_code,
      error: row.error,
      durationMs: row.duration_ms,
      createdAt: row.created_at.toISOString(),
    })),
    nextCursor: result.nextCursor,
  };
}
