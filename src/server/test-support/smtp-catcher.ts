import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { type ParsedMail, parseMail } from "./mime.js";

export interface CaughtMail {
  from: string;
  to: string[];
  raw: string;
  mail: ParsedMail;
}

export interface SmtpCatcher {
  host: "127.0.0.1";
  port: number;
  mails: CaughtMail[];
  /** Logins tried (user names), refused or not. */
  logins: string[];
  /** The next `count` messages are refused with this reply (451: try later; 550: refused for good). */
  failNext(count: number, responseCode: number): void;
  close(): Promise<void>;
}

/**
 * A real SMTP server on 127.0.0.1 (smtp-server, no TLS), catching what it receives. With `auth`,
 * it offers AUTH PLAIN/LOGIN over the plain connection (loopback only) and refuses other
 * credentials with 535. Close it in afterEach.
 */
export async function startSmtpCatcher(
  options: { auth?: { user: string; pass: string } } = {},
): Promise<SmtpCatcher> {
  const mails: CaughtMail[] = [];
  const logins: string[] = [];
  const failures: number[] = [];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: options.auth ? ["STARTTLS"] : ["STARTTLS", "AUTH"],
    authOptional: !options.auth,
    allowInsecureAuth: true,
    logger: false,
    // Loopback clients only: a reverse DNS look-up per connection would be all the latency.
    disableReverseLookup: true,
    // Connections end with QUIT after each message; a stuck one must not hold a test's afterEach.
    closeTimeout: 1000,
    onAuth(auth, _session, callback) {
      logins.push(auth.username ?? "");
      if (auth.username === options.auth?.user && auth.password === options.auth?.pass) {
        callback(null, { user: auth.username });
      } else {
        callback(Object.assign(new Error("Authentication failed"), { responseCode: 535 }));
      }
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const failure = failures.shift();
        if (failure !== undefined) {
          callback(Object.assign(new Error(`failing on purpose with ${failure}`), { responseCode: failure }));
          return;
        }
        const raw = Buffer.concat(chunks).toString("utf8");
        const from = session.envelope.mailFrom === false ? "" : session.envelope.mailFrom.address;
        mails.push({ from, to: session.envelope.rcptTo.map((to) => to.address), raw, mail: parseMail(raw) });
        callback(null);
      });
    },
  });
  const address = await new Promise<AddressInfo>((resolve) => {
    const listening = server.listen(0, "127.0.0.1", () => resolve(listening.address() as AddressInfo));
  });
  return {
    host: "127.0.0.1",
    port: address.port,
    mails,
    logins,
    failNext(count, responseCode) {
      for (let i = 0; i < count; i++) failures.push(responseCode);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
