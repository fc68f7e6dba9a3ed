import { performance } from "node:perf_hooks";
import { LockkeeperError } from "../../../core/errors.js";
import { type MessageView, viewOf } from "../message-view.js";
import type { NotificationMessage } from "../messages.js";
import { escapeHtml } from "./escape.js";
import { fitEscaped, fitList, oneLine } from "./text.js";
import type { ChannelTarget, DeliveryOutcome, SendOnce } from "./types.js";
import { DELIVERY_HEADER, EVENT_HEADER } from "./webhook-signature.js";

/** A subject stays readable in a list of mail; a list in a mail can be long, but not endless. */
export const EMAIL_LIMITS = { subject: 180, listItems: 500 } as const;

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

const identity = (text: string) => text;

/**
 * The e-mail of a message: a one-line subject summarising it, and the same content as plain text
 * and as HTML (alternatives of one message). In the HTML every piece of data is escaped; the
 * subject and every line are made one line first, so data cannot add a header or a paragraph.
 */
export function emailContent(
  message: NotificationMessage,
  view: MessageView = viewOf(message),
): EmailContent {
  const subject = fitEscaped(`[Lockkeeper] ${oneLine(view.title)}`, EMAIL_LIMITS.subject, identity);
  const more = (count: number) => `…and ${count} more`;
  const list = view.list
    ? {
        heading: `${oneLine(view.list.heading)} (${view.list.items.length})`,
        ...fitList(view.list.items.map(oneLine), {
          budget: Number.POSITIVE_INFINITY,
          maxItems: EMAIL_LIMITS.listItems,
          separator: "",
          more,
        }),
      }
    : null;
  const paragraphs = view.paragraphs.map(oneLine);
  const facts = view.facts.map(([label, value]) => [oneLine(label), oneLine(value)] as const);
  const footer = `Sent by Lockkeeper (${message.kind}).`;

  const text = [
    oneLine(view.title),
    "",
    ...paragraphs.flatMap((paragraph) => [paragraph, ""]),
    ...(facts.length > 0 ? [...facts.map(([label, value]) => `${label}: ${value}`), ""] : []),
    ...(list
      ? [
          list.heading,
          ...list.kept.map((item) => `- ${item}`),
          ...(list.omitted > 0 ? [more(list.omitted)] : []),
          "",
        ]
      : []),
    "-- ",
    footer,
    "",
  ].join("\n");

  const h = escapeHtml;
  const html = [
    "<!doctype html>",
    '<html><head><meta charset="utf-8"></head>',
    '<body style="font-family: sans-serif; line-height: 1.4">',
    `<h2 style="margin: 0 0 12px">${h(oneLine(view.title))}</h2>`,
    ...paragraphs.map((paragraph) => `<p>${h(paragraph)}</p>`),
    ...(facts.length > 0
      ? [
          "<table>",
          ...facts.map(
            ([label, value]) =>
              `<tr><th style="text-align: left; padding-right: 12px">${h(label)}</th><td>${h(value)}</td></tr>`,
          ),
          "</table>",
        ]
      : []),
    ...(list
      ? [
          `<h3>${h(list.heading)}</h3>`,
          "<ul>",
          ...list.kept.map((item) => `<li>${h(item)}</li>`),
          "</ul>",
          ...(list.omitted > 0 ? [`<p>${h(more(list.omitted))}</p>`] : []),
        ]
      : []),
    `<p style="color: #666; font-size: small">${h(footer)}</p>`,
    "</body></html>",
    "",
  ].join("\n");
  return { subject, text, html };
}

/** Transient SMTP failures: the connection, not the message (nodemailer's error codes). */
const RETRYABLE_CODES = new Set(["ECONNECTION", "ETIMEDOUT", "ESOCKET", "EDNS", "ETLS", "EPROTOCOL"]);

interface SmtpError {
  code?: string;
  responseCode?: number;
  response?: string;
  permanent?: boolean;
  message?: string;
}

/**
 * Sends the e-mail through the server's SMTP configuration. Retryable: connection failures and
 * 4xx replies (RFC 5321's transient class); a 5xx reply, a refused login or a rejected recipient
 * would fail again the same way.
 */
export const sendEmail: SendOnce<Extract<ChannelTarget, { kind: "email" }>> = async (
  target,
  message,
  context,
) => {
  if (!context.mail) {
    return {
      ok: false,
      error: "the server has no SMTP configuration (set LK_SMTP_URL or LK_SMTP_HOST, and LK_SMTP_FROM)",
      retryable: false,
      durationMs: 0,
    };
  }
  const content = emailContent(message);
  const started = performance.now();
  const durationMs = () => Math.round(performance.now() - started);
  try {
    const { response } = await context.mail.send({
      to: target.config.recipients,
      ...content,
      headers: { [EVENT_HEADER]: message.kind, [DELIVERY_HEADER]: context.deliveryId },
      ...(context.signal ? { signal: context.signal } : {}),
    });
    const code = /^(\d{3})/.exec(response)?.[1];
    return {
      ok: true,
      ...(code ? { status: Number(code) } : {}),
      retryable: false,
      durationMs: durationMs(),
    };
  } catch (error: unknown) {
    if (context.signal?.aborted) {
      throw new LockkeeperError("CANCELLED", "sending the e-mail was cancelled", { cause: error });
    }
    return smtpFailure(error as SmtpError, durationMs());
  }
};

function smtpFailure(error: SmtpError, durationMs: number): DeliveryOutcome {
  const said = oneLine(error.response ?? error.message ?? String(error)).slice(0, 200);
  if (error.responseCode !== undefined) {
    const transient = error.permanent === undefined ? error.responseCode < 500 : !error.permanent;
    return {
      ok: false,
      status: error.responseCode,
      error: `SMTP ${error.responseCode}: ${said}`,
      retryable: transient,
      durationMs,
    };
  }
  return {
    ok: false,
    error: `${error.code ?? "SMTP"}: ${said}`,
    retryable: error.code !== undefined && RETRYABLE_CODES.has(error.code),
    durationMs,
  };
}
