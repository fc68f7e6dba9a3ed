import type { NotificationMessage } from "../messages.js";
import { postJson } from "./post-json.js";
import type { ChannelTarget, SendOnce } from "./types.js";
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signatureHeader } from "./webhook-signature.js";

/**
 * The JSON a webhook receives: the message as the server models it (events, projects, packages as
 * data, nothing rendered), under an envelope naming the delivery. Receivers are programs: they get
 * the data, not prose.
 */
export interface WebhookBody {
  /** The delivery's id, as in the Lockkeeper-Delivery header: the same on every retry. */
  id: string;
  event: NotificationMessage["kind"];
  /** The message's de-duplication key. */
  messageKey: string;
  sentAt: string;
  message: NotificationMessage;
}

export function webhookBody(message: NotificationMessage, deliveryId: string, now: Date): string {
  const body: WebhookBody = {
    id: deliveryId,
    event: message.kind,
    messageKey: message.key,
    sentAt: now.toISOString(),
    message,
  };
  return JSON.stringify(body);
}

/**
 * Sends the body signed with the channel's secret over the timestamp and the exact bytes sent
 * (docs/notifications.md); each attempt is signed afresh, with its own timestamp.
 */
export const sendWebhook: SendOnce<Extract<ChannelTarget, { kind: "webhook" }>> = (
  target,
  message,
  context,
) => {
  const now = context.now();
  const body = webhookBody(message, context.deliveryId, now);
  return postJson(
    target.config.url,
    body,
    {
      [SIGNATURE_HEADER]: signatureHeader(target.secret, body, now),
      [EVENT_HEADER]: message.kind,
      [DELIVERY_HEADER]: context.deliveryId,
    },
    context,
  );
};
