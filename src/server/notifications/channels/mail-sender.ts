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
 * A sender over SMTP: a small pool of connections reused from message to message (opening one
 * costs a handshake, and mail servers pause before their greeting: smtp-server 100 ms, Postfix's
 * postscreen more), closed when idle; STARTTLS whenever the server offers it (implicit TLS with
 * `secure`); every wait bounded by `timeoutMs`, so a silent server cannot hold a delivery.
 */
export function smtpMailSender(
  config: SmtpConfig,
  options: { timeoutMs?: number; maxConnections?: number } = {},
): MailSender {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const transport = createTransport({
    pool: true,
    maxConnections: options.maxConnections ?? 4,
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
