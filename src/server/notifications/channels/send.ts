import type { NotificationMessage } from "../messages.js";
import { sendEmail } from "./email.js";
import { sendSlack } from "./slack.js";
import { sendTeams } from "./teams.js";
import type { ChannelTarget, DeliveryOutcome, SendContext } from "./types.js";
import { sendWebhook } from "./webhook.js";

/** Renders `message` for the channel's kind and sends it once. */
export function sendOnce(
  target: ChannelTarget,
  message: NotificationMessage,
  context: SendContext,
): Promise<DeliveryOutcome> {
  switch (target.kind) {
    case "webhook":
      return sendWebhook(target, message, context);
    case "slack":
      return sendSlack(target, message, context);
    case "teams":
      return sendTeams(target, message, context);
    case "email":
      return sendEmail(target, message, context);
  }
}
