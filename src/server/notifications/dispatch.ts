import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import type { HttpClient } from "../../core/http/http-client.js";
import type { Database } from "../db/schema.js";
import type { JobHandler } from "../jobs/types.js";
import { channelTarget } from "./channel-store.js";
import type { MailSender } from "./channels/mail-sender.js";
import { deliver } from "./deliver.js";
import { deliveryLog } from "./delivery-log.js";
import type { NotificationEvent } from "./events.js";
import { groupEvents } from "./grouping.js";
import { ruleSends, rulesForProject } from "./rules.js";

/** The payload of a `notifications.dispatch` job: one project's events of one occasion (a push). */
export interface DispatchPayload {
  projectId: string;
  events: NotificationEvent[];
}

export interface DispatchDependencies {
  db: Kysely<Database>;
  now(): Date;
  http: HttpClient;
  mail?: MailSender;
}

/**
 * Sends a batch of events where the project's rules say: per channel, the events its rules pass,
 * grouped into messages (one per problem and audience). A retried job skips what an earlier
 * attempt delivered: each message's delivery id derives from the job, the channel and the
 * message's key, and a delivered attempt with that id is not sent again.
 */
export function dispatchHandler(deps: DispatchDependencies): JobHandler {
  return async ({ id, payload, signal }) => {
    const { projectId, events } = payload as DispatchPayload;
    const rules = await rulesForProject(deps.db, projectId);
    const byChannel = new Map<string, Set<NotificationEvent>>();
    for (const rule of rules) {
      const passed = events.filter((event) => ruleSends(rule, event));
      if (passed.length === 0) continue;
      const set = byChannel.get(rule.channelId) ?? new Set<NotificationEvent>();
      for (const event of passed) set.add(event);
      byChannel.set(rule.channelId, set);
    }
    const record = deliveryLog(deps.db);
    let delivered = 0;
    let failed = 0;
    let skipped = 0;
    for (const [channelId, channelEvents] of byChannel) {
      const target = await channelTarget(deps.db, channelId);
      for (const message of groupEvents([...channelEvents])) {
        const deliveryId = stableUuid(`${id}\u0000${channelId}\u0000${message.key}`);
        if (await alreadyDelivered(deps.db, deliveryId)) {
          skipped += 1;
          continue;
        }
        const result = await deliver(target, message, {
          context: { now: deps.now, http: deps.http, ...(deps.mail ? { mail: deps.mail } : {}) },
          record,
          signal,
          deliveryId,
        });
        if (result.delivered) delivered += 1;
        else failed += 1;
      }
    }
    return { channels: byChannel.size, delivered, failed, skipped };
  };
}

async function alreadyDelivered(db: Kysely<Database>, deliveryId: string): Promise<boolean> {
  const row = await db
    .selectFrom("notification_deliveries")
    .select("id")
    .where("delivery_id", "=", deliveryId)
    .where("status", "=", "delivered")
    .executeTakeFirst();
  return row !== undefined;
}

/** A UUID (version 8, name-based) that the same text always gives. */
function stableUuid(text: string): string {
  const hex = createHash("sha256").update(text).digest("hex");
  const variant = ((Number.parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
