import { describe, expect, it } from "vitest";
import { type FetchLike, httpGet, httpGetOk } from "./http-client.js";

/** A fetch that answers from a script of responses (or errors), recording each call. */
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

describe("httpGet", () => {
  it("retries 429 and 5xx, then returns the body", async () => {
    const fetch = scripted([
      new Response("", { status: 503 }),
      new Response("", { status: 429 }),
      new Response("ok"),
    ]);
    const response = await httpGet("http://x/a", { fetch, retryDelayMs: 1 });
    expect(fetch.calls).toBe(3);
    expect(Buffer.from(response.body).toString()).toBe("ok");
  });

  it("honours Retry-After in seconds", async () => {
    const fetch = scripted([
      new Response("", { status: 429, headers: { "retry-after": "0" } }),
      new Response("ok"),
    ]);
    await httpGet("http://x/a", { fetch, retryDelayMs: 10_000 });
    expect(fetch.calls).toBe(2);
  });

  it("returns 404 without retrying (the caller decides)", async () => {
    const fetch = scripted([new Response("missing", { status: 404 })]);
    expect((await httpGet("http://x/a", { fetch })).status).toBe(404);
    expect(fetch.calls).toBe(1);
  });

  it("throws NETWORK naming the URL and the cause when retries run out", async () => {
    const fetch = scripted([refused(), refused(), refused()]);
    await expect(httpGet("http://x/all.zip", { fetch, retries: 2, retryDelayMs: 1 })).rejects.toMatchObject({
      code: "NETWORK",
      message: "cannot download http://x/all.zip: connect ECONNREFUSED 127.0.0.1:9 (after 3 attempts)",
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
    await expect(
      httpGet("http://x/slow", { fetch: stalled, timeoutMs: 20, retries: 0 }),
    ).rejects.toMatchObject({
      code: "NETWORK",
      message: "cannot download http://x/slow: no data for 20 ms (after 1 attempt)",
    });
  });

  it("reports progress as bytes arrive", async () => {
    const seen: [number, number | undefined][] = [];
    const fetch = scripted([new Response("hello", { headers: { "content-length": "5" } })]);
    await httpGet("http://x/a", { fetch, onBytes: (bytes, total) => seen.push([bytes, total]) });
    expect(seen.at(-1)).toEqual([5, 5]);
  });
});

describe("httpGetOk", () => {
  it("turns other statuses into NETWORK errors naming the URL", async () => {
    const fetch = scripted([new Response("", { status: 403 })]);
    await expect(httpGetOk("http://x/PyPI/all.zip", { fetch })).rejects.toMatchObject({
      code: "NETWORK",
      message: "cannot download http://x/PyPI/all.zip: HTTP 403",
    });
  });
});
