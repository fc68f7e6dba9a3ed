import { createHmac, randomBytes } from "node:crypto";

/** Header names of webhook deliveries, as docs/notifications.md documents them. */
export const SIGNATURE_HEADER = "lockkeeper-signature";
export const EVENT_HEADER = "lockkeeper-event";
export const DELIVERY_HEADER = "lockkeeper-delivery";

/** Prefix of signing secrets, so one found in a file or a log is recognisable as one. */
export const WEBHOOK_SECRET_PREFIX = "lkwhsec_";

/** A new signing secret: 32 random bytes, base64url, with its prefix. */
export function newWebhookSecret(): string {
  return `${WEBHOOK_SECRET_PREFIX}${randomBytes(32).toString("base64url")}`;
}

/**
 * `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, keyed with the secret as shown (its
 * prefix included). The timestamp is signed with the body, so a receiver that refuses old
 * timestamps refuses replays of a captured delivery; `v1` names the scheme, so a later one can be
 * sent next to it.
 */
export function signatureHeader(secret: string, body: string, now: Date): string {
  const timestamp = Math.floor(now.getTime() / 1000);
  const signature = createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
  return `t=${timestamp},v1=${signature}`;
}
