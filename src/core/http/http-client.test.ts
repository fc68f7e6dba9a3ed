import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { closedPortUrl } from "../ecosystems/registry/test-support/fake-registry.js";
import { isLockkeeperError, type LockkeeperError } from "../errors.js";
import { type FetchLike, HttpClient } from "./http-client.js";
import { HttpError } from "./http-error.js";

/** A fetch that answers from a script of responses (or errors), counting calls. */
function scripted(answers: (Response | Error)[]): FetchLike & { calls: number } {
  const fake = async (): Promise<Response> => {
    fake.calls++;
    const answer = answers.shift();
    if (!answer) throw new Error("no more answers");
    if (answer instanceof Error) throw answer;
    return answer;
  };
  fake.calls = 0;
  return fake;
}

const refused = (): Error =>
  Object.assign(new TypeError("fetch failed"), { cause: new Error("connect ECONNREFUSED 127.0.0.1:9") });

async function rejection(promise: Promise<unknown>): Promise<LockkeeperError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!isLockkeeperError(error)) throw new Error(`expected a LockkeeperError, got ${String(error)}`);
  return error;
}

/** A server on 127.0.0.1 answering from a script (then 200 "ok"), each answer after `delayMs`. */
const answers: { status: number; headers?: Record<string, string>; delayMs?: number }[] = [];
const received: { method: string; headers: IncomingHttpHeaders; body: string }[] = [];
let server: Server;
let base = "";

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({
        method: req.method ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      });
      const answer = answers.shift() ?? { status: 200 };
      setTimeout(() => {
        if (!res.destroyed) res.writeHead(answer.status, answer.headers).end("ok");
      }, answer.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
beforeEach(() => {
  answers.length = 0;
  received.length = 0;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("HttpClient", () => {
  it("sends any method, headers and body, and returns status, headers and body", async () => {
    answers.push({ status: 201, headers: { "x-answer": "yes" } });
    const response = await new HttpClient().request(`${base}/things`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-asked": "1" },
      body: JSON.stringify({ a: 1 }),
    });
    expect(response.status).toBe(201);
    expect(response.headers.get("x-answer")).toBe("yes");
    expect(Buffer.from(response.body).toString()).toBe("ok");
    expect(received).toMatchObject([
      { method: "POST", headers: { "x-asked": "1", "user-agent": "lockkeeper" }, body: '{"a":1}' },
    ]);
  });

  it("retries 429 and 5xx, then returns the body", async () => {
    const fetch = scripted([
      new Response("", { status: 503 }),
      new Response("", { status: 429 }),
      new Response("ok"),
    ]);
    const response = await new HttpClient({ fetch, retryDelayMs: 1 }).request("http://x/a");
    expect(fetch.calls).toBe(3);
    expect(Buffer.from(response.body).toString()).toBe("ok");
  });

  it("returns 404 without retrying (the caller decides)", async () => {
    const fetch = scripted([new Response("missing", { status: 404 })]);
    expect((await new HttpClient({ fetch }).request("http://x/a")).status).toBe(404);
    expect(fetch.calls).toBe(1);
  });

  it("waits as long as Retry-After says instead of the backoff", async () => {
    answers.push(
      { status: 503, headers: { "retry-after": "1" } },
      { status: 429, headers: { "retry-after": "0" } },
    );
    const started = Date.now();
    const response = await new HttpClient({ retryDelayMs: 20_000 }).request(base);
    const elapsed = Date.now() - started;
    expect(response.status).toBe(200);
    expect(received).toHaveLength(3);
    // One second as asked, then none: never the backoff of 20 s and more.
    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(5_000);
  });

  it("fails at once when asked to wait longer than a minute", async () => {
    answers.push({ status: 429, headers: { "retry-after": "3600" } });
    const error = await rejection(new HttpClient().request(`${base}/all.zip`));
    expect(error).toBeInstanceOf(HttpError);
    expect(error.message).toBe(
      `cannot download ${base}/all.zip: HTTP 429 (after 1 attempt, asked to wait 3600 s)`,
    );
    expect(received).toHaveLength(1);
  });

  it("throws NETWORK naming the URL and the cause when retries run out", async () => {
    const fetch = scripted([refused(), refused(), refused()]);
    const error = await rejection(
      new HttpClient({ fetch, retries: 2, retryDelayMs: 1 }).request("http://x/all.zip"),
    );
    expect(error).toMatchObject({
      code: "NETWORK",
      message: "cannot download http://x/all.zip: connect ECONNREFUSED 127.0.0.1:9 (after 3 attempts)",
      noAnswer: true,
    });
    expect(fetch.calls).toBe(3);
  });

  it("times out a response that stops sending", async () => {
    const stalled: FetchLike = async (_url, init) =>
      new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(new Uint8Array([1]));
            init?.signal?.addEventListener("abort", () =>
              controller.error(new DOMException("aborted", "AbortError")),
            );
          },
        }),
      );
    const client = new HttpClient({ fetch: stalled, timeoutMs: 20, retries: 0 });
    await expect(client.request("http://x/slow")).rejects.toMatchObject({
      code: "NETWORK",
      message: "cannot download http://x/slow: no data for 20 ms (after 1 attempt)",
    });
  });

  it("reports progress as bytes arrive", async () => {
    const seen: [number, number | undefined][] = [];
    const fetch = scripted([new Response("hello", { headers: { "content-length": "5" } })]);
    await new HttpClient({ fetch }).request("http://x/a", {
      onBytes: (bytes, total) => seen.push([bytes, total]),
    });
    expect(seen.at(-1)).toEqual([5, 5]);
  });

  it("cancels a request in flight as soon as the signal aborts", async () => {
    answers.push({ status: 200, delayMs: 10_000 });
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 50);
    const error = await rejection(new HttpClient().request(`${base}/slow`, { signal: controller.signal }));
    expect(error).toMatchObject({ code: "CANCELLED", message: `the request to ${base}/slow was cancelled` });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("cancels during the backoff wait, without another attempt", async () => {
    answers.push({ status: 503, headers: { "retry-after": "30" } });
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 100);
    const error = await rejection(new HttpClient().request(base, { signal: controller.signal }));
    expect(error.code).toBe("CANCELLED");
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(received).toHaveLength(1);
  });

  it("sends nothing when the signal has aborted already", async () => {
    const fetch = scripted([new Response("ok")]);
    const error = await rejection(
      new HttpClient({ fetch }).request("http://x/a", { signal: AbortSignal.abort() }),
    );
    expect(error.code).toBe("CANCELLED");
    expect(fetch.calls).toBe(0);
  });

  it("sends URL credentials as Basic authentication and never shows them", async () => {
    await new HttpClient().request(base.replace("http://", "http://alice:s3cret@"));
    expect(received[0]?.headers.authorization).toBe(
      `Basic ${Buffer.from("alice:s3cret").toString("base64")}`,
    );

    const closed = await closedPortUrl();
    const url = `${closed.replace("http://", "http://alice:s3cret@")}/x?token=t0k3n`;
    const error = await rejection(new HttpClient({ retries: 1, retryDelayMs: 1 }).request(url));
    expect(error.message).toMatch(
      /^cannot download http:\/\/\*\*\*:\*\*\*@127\.0\.0\.1:\d+\/x\?token=\*\*\*: connect ECONNREFUSED/,
    );
    const shown = `${error.describe()} ${JSON.stringify(error)} ${String(error.cause)}`;
    expect(shown).not.toContain("s3cret");
    expect(shown).not.toContain("t0k3n");
  });
});
