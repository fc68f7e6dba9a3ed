import type { HttpClient } from "../../../core/http/http-client.js";
import type { NotificationChannelKind } from "../../db/schema.js";
import type { NotificationMessage } from "../messages.js";
import type { MailSender } from "./mail-sender.js";

export type ChannelKind = NotificationChannelKind;

export const CHANNEL_KINDS: readonly ChannelKind[] = ["webhook", "slack", "teams", "email"];

/** Where an HTTP channel posts. Slack and Teams URLs are credentials in themselves. */
export interface UrlConfig {
  url: string;
}

/** Who an e-mail channel writes to, through the server's SMTP configuration (LK_SMTP_*). */
export interface EmailConfig {
  recipients: string[];
}

/** A channel as a sender needs it: its kind, configuration and, for a webhook, its signing secret. */
export type ChannelTarget =
  | { id: string; name: string; kind: "webhook"; config: UrlConfig; secret: string }
  | { id: string; name: string; kind: "slack"; config: UrlConfig }
  | { id: string; name: string; kind: "teams"; config: UrlConfig }
  | { id: string; name: string; kind: "email"; config: EmailConfig };

/** What one attempt to send a message came to. */
export interface DeliveryOutcome {
  ok: boolean;
  /** The HTTP status, or the SMTP reply code, when the receiver answered. */
  status?: number;
  /** Why it failed, without credentials (never the URL of a Slack or Teams webhook). */
  error?: string;
  /** Whether another attempt may succeed: network errors, timeouts, 408, 429, 5xx, SMTP 4xx. */
  retryable: boolean;
  durationMs: number;
  /** The wait the receiver asked for before another attempt (Retry-After). */
  retryAfterMs?: number;
}

/** What a sender needs besides the channel and the message. */
export interface SendContext {
  /** Sent as Lockkeeper-Delivery; the same on every attempt of one delivery. */
  deliveryId: string;
  /** The clock of signature timestamps. */
  now(): Date;
  /** Aborts the attempt at once: the send rejects with CANCELLED. */
  signal?: AbortSignal;
  /** Makes one attempt per request (retries: 0): retrying is the caller's (deliver.ts). */
  http: HttpClient;
  /** Absent when the server has no SMTP configuration: e-mail channels then fail, not retryable. */
  mail?: MailSender;
}

/** Renders `message` for the channel and sends it once. */
export type SendOnce<T extends ChannelTarget = ChannelTarget> = (
  target: T,
  message: NotificationMessage,
  context: SendContext,
) => Promise<DeliveryOutcome>;
