import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

/** One request the receiver got. */
export interface ReceivedRequest {
  headers: IncomingHttpHeaders;
  body: string;
  /** The status it was answered with (undefined: the connection was reset instead). */
  status: number | undefined;
  /** The signature check's verdict; null when the receiver does not check signatures. */
  verified: boolean | null;
  /** When it arrived (performance clock, ms). */
  at: number;
}

/**
 * How the next requests fail: an HTTP status (with Retry-After), a connection reset, or no answer
 * at all (until the client gives up or the receiver closes).
 */
export type Failure = { status: number; retryAfter?: string } | "reset" | "hang";

export interface WebhookReceiver {
  /** http://127.0.0.1:<port>/hook */
  url: string;
  received: ReceivedRequest[];
  /** Requests answered 2xx, with a valid signature when signatures are checked. */
  accepted(): ReceivedRequest[];
  /** The next `count` requests fail as `how`, whatever they hold. */
  failNext(count: number, how: Failure): void;
  close(): Promise<void>;
}

/**
 * A webhook receiver on 127.0.0.1 (a port of its own): with `verify`, it checks each request's
 * Lockkeeper-Signature over the raw body and answers 401 to a bad one, as docs/notifications.md
 * tells users to; otherwise it takes any JSON (Slack, Teams). Answers `status` (200, or Teams'
 * 202) unless told to fail. Close it in afterEach.
 */
export async function startWebhookReceiver(
  options: { verify?: (header: string | undefined, rawBody: Buffer) => boolean; status?: number } = {},
): Promise<WebhookReceiver> {
  const received: ReceivedRequest[] = [];
  const failures: Failure[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const raw = Buffer.concat(chunks);
      const header = request.headers["lockkeeper-signature"];
      const verified = options.verify
        ? options.verify(Array.isArray(header) ? header[0] : header, raw)
        : null;
      const failure = failures.shift();
      const entry: ReceivedRequest = {
        headers: request.headers,
        body: raw.toString("utf8"),
        status: undefined,
        verified,
        at: performance.now(),
      };
      received.push(entry);
      if (failure === "reset") {
        request.socket.destroy();
        return;
      }
      if (failure === "hang") return;
      if (failure) {
        entry.status = failure.status;
        response.writeHead(failure.status, failure.retryAfter ? { "retry-after": failure.retryAfter } : {});
        response.end("failing on purpose");
        return;
      }
      entry.status = verified === false ? 401 : (options.status ?? 200);
      response.writeHead(entry.status).end(verified === false ? "bad signature" : "ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    accepted: () =>
      received.filter(
        (entry) => entry.status !== undefined && entry.status < 300 && entry.verified !== false,
      ),
    failNext(count, how) {
      for (let i = 0; i < count; i++) failures.push(how);
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
