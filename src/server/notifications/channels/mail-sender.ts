import { createTransport } from "nodemailer";
import type { SmtpConfig } from "../../config.js";

/** One e-mail, rendered. */
export interface OutgoingMail {
  to: readonly string[];
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  signal?: AbortSignal;
}

/** What sends e-mail: nodemailer over the server's SMTP configuration, or a test's stand-in. */
export interface MailSender {
  /** Resolves with the server's last reply ("250 2.0.0 OK …"); rejects with nodemailer's error. */
  send(mail: OutgoingMail): Promise<{ response: string }>;
  close(): void;
}

/**
 * A sender over SMTP: a connection per message (nothing to keep open between the few messages a
 * batch has), STARTTLS whenever the server offers it (implicit TLS with `secure`), and every wait
 * bounded by `timeoutMs` so that a silent server cannot hold a delivery.
 */
export function smtpMailSender(config: SmtpConfig, options: { timeoutMs?: number } = {}): MailSender {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const transport = createTransport({
    host: config.host,
    port: config.port,
    secure: config.secure,
    ...(config.auth ? { auth: { user: config.auth.user, pass: config.auth.pass } } : {}),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    // Messages are built from strings only: nodemailer must never read a file or fetch a URL for one.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return {
    async send(mail) {
      const info = await transport.sendMail({
        from: config.from,
        to: [...mail.to],
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        headers: mail.headers,
        ...(mail.signal ? { signal: mail.signal } : {}),
      });
      return { response: String(info.response ?? "") };
    },
    close: () => transport.close(),
  };
}
