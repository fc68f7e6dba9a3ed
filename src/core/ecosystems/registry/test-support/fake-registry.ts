import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** What a route answers: a JSON body, or a bare status. */
export type FakeAnswer = { json: unknown } | { status: number; headers?: Record<string, string> };

/**
 * A registry stand-in on 127.0.0.1 (port 0): answers each decoded path from `route` (404 when it
 * returns undefined), can fail a path with 503/429 a set number of times first, can hold each
 * answer for `delayMs` to make concurrency visible, and records every request with its headers.
 */
export class FakeRegistry {
  readonly requests: { path: string; headers: IncomingHttpHeaders }[] = [];
  /** Path → answers served before the route (e.g. `[{status: 503}]`). */
  readonly failFirst = new Map<string, FakeAnswer[]>();
  delayMs = 0;
  inFlight = 0;
  maxInFlight = 0;
  baseUrl = "";
  private server: Server | undefined;

  constructor(private readonly route: (path: string) => FakeAnswer | undefined) {}

  async start(): Promise<this> {
    const server = createServer((req, res) => {
      const path = decodeURIComponent(req.url ?? "");
      this.requests.push({ path, headers: req.headers });
      this.inFlight++;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      setTimeout(() => {
        this.inFlight--;
        const queued = this.failFirst.get(path);
        const answer = queued?.shift() ?? this.route(path);
        if (!answer) res.writeHead(404).end("not found");
        else if ("json" in answer) {
          const body = Buffer.from(JSON.stringify(answer.json));
          res.writeHead(200, { "content-type": "application/json", "content-length": body.length }).end(body);
        } else res.writeHead(answer.status, answer.headers).end();
      }, this.delayMs);
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    this.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this;
  }

  /** Request paths since the last call, sorted. */
  takePaths(): string[] {
    return this.requests
      .splice(0)
      .map((r) => r.path)
      .sort();
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

/** A loopback URL where nothing listens (a port just released). */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}
