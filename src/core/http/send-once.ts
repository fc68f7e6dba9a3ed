import { cancelledError } from "./cancellation.js";
import type { FetchLike, HttpResponse } from "./http-client.js";
import type { HttpProblem } from "./http-error.js";
import { maskCredentials } from "./urls.js";

/** One attempt of a request, as the client prepared it. */
export interface Attempt {
  fetch: FetchLike;
  /** Without credentials (they travel in the headers). */
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | Uint8Array | undefined;
  idleMs: number;
  signal: AbortSignal | undefined;
  onBytes: ((bytes: number, totalBytes: number | undefined) => void) | undefined;
}

/** An answer (any status, body read), or why there was none. */
export type AttemptOutcome = { response: HttpResponse } | { problem: HttpProblem; cause: unknown };

/**
 * Sends once and reads the whole body, aborting when no byte arrives for `idleMs`. The caller's
 * signal aborts it at once with CANCELLED; every other failure is returned as a problem.
 */
export async function sendOnce(attempt: Attempt): Promise<AttemptOutcome> {
  const controller = new AbortController();
  let timedOut = false;
  const expire = (): void => {
    timedOut = true;
    controller.abort();
  };
  let timer = setTimeout(expire, attempt.idleMs);
  const touch = (): void => {
    clearTimeout(timer);
    timer = setTimeout(expire, attempt.idleMs);
  };
  const cancel = (): void => controller.abort(attempt.signal?.reason);
  attempt.signal?.addEventListener("abort", cancel, { once: true });
  try {
    if (attempt.signal?.aborted) throw attempt.signal.reason;
    const response = await attempt.fetch(attempt.url, {
      method: attempt.method,
      headers: attempt.headers,
      ...(attempt.body === undefined ? {} : { body: attempt.body }),
      signal: controller.signal,
      redirect: "follow",
    });
    touch();
    // fetch inflates gzip/br bodies, so content-length only counts bytes when nothing is encoded.
    const lengthHeader = response.headers.get("content-length");
    const encoded = (response.headers.get("content-encoding") ?? "identity") !== "identity";
    const total =
      !encoded && lengthHeader !== null && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : undefined;
    const body = await readBody(response, total, touch, attempt.onBytes);
    return { response: { status: response.status, headers: response.headers, body } };
  } catch (error: unknown) {
    if (attempt.signal?.aborted) throw cancelledError(attempt.url, attempt.signal.reason);
    if (timedOut) return { problem: { kind: "timeout", idleMs: attempt.idleMs }, cause: error };
    return {
      problem: { kind: "network", message: maskCredentials(describeFetchError(error)) },
      cause: error,
    };
  } finally {
    clearTimeout(timer);
    attempt.signal?.removeEventListener("abort", cancel);
  }
}

async function readBody(
  response: Response,
  total: number | undefined,
  touch: () => void,
  onBytes: Attempt["onBytes"],
): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let received = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    touch();
    chunks.push(value);
    received += value.byteLength;
    onBytes?.(received, total);
  }
  if (total !== undefined && received !== total) {
    throw new Error(`response ended after ${received} of ${total} bytes`);
  }
  const body = new Uint8Array(received);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

function describeFetchError(error: unknown): string {
  // undici reports "fetch failed" and puts the useful part (ECONNREFUSED, ENOTFOUND) in `cause`.
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error && cause.message) return cause.message;
  return error instanceof Error ? error.message : String(error);
}
