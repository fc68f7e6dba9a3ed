import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** A request as the server received it: raw path (with its query and %-encoding) and parsed JSON body. */
export interface ForgeRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

/** An answer: a status with a JSON body (or raw text), extra headers, and an optional delay. */
export interface ForgeAnswer {
  status: number;
  json?: unknown;
  text?: string;
  headers?: Record<string, string>;
  delayMs?: number;
}

/**
 * A GitHub/GitLab stand-in on 127.0.0.1 that answers requests from a script, in order, and
 * records each one. A request beyond the script gets a 418 so the test sees it.
 */
export class FakeForge {
  readonly requests: ForgeRequest[] = [];
  url = "";
  private server: Server | undefined;

  constructor(private readonly script: ForgeAnswer[]) {}

  async start(): Promise<this> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let body: unknown;
        try {
          body = text === "" ? undefined : JSON.parse(text);
        } catch {
          body = text;
        }
        this.requests.push({ method: req.method ?? "", path: req.url ?? "", headers: req.headers, body });
        const answer = this.script.shift() ?? { status: 418, json: { message: "unexpected request" } };
        const payload = answer.text ?? (answer.json === undefined ? "" : JSON.stringify(answer.json));
        setTimeout(() => {
          res
            .writeHead(answer.status, { "content-type": "application/json", ...answer.headers })
            .end(payload);
        }, answer.delayMs ?? 0);
      });
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this;
  }

  /** Method, path and body of each request, for exact comparison. */
  calls(): { method: string; path: string; body: unknown }[] {
    return this.requests.map(({ method, path, body }) => ({ method, path, body }));
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

/** Starts forges and stops them all at the end of each test. */
export function forgeFleet(): {
  start: (script: ForgeAnswer[]) => Promise<FakeForge>;
  stopAll: () => Promise<void>;
} {
  const running: FakeForge[] = [];
  return {
    async start(script) {
      const forge = await new FakeForge(script).start();
      running.push(forge);
      return forge;
    },
    async stopAll() {
      await Promise.all(running.splice(0).map((forge) => forge.stop()));
    },
  };
}
