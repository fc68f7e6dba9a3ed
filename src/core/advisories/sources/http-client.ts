import { LockkeeperError } from "../../errors.js";

/** The part of the global `fetch` the client uses; tests and the CLI can pass their own. */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface HttpOptions {
  fetch?: FetchLike;
  /** Abort an attempt when no byte has arrived for this long (ms). Default 30 s. */
  timeoutMs?: number;
  /** Extra attempts after a network error, a timeout, 429 or 5xx. Default 3. */
  retries?: number;
  /** First backoff delay (ms), doubled each retry; `Retry-After` wins when the server sends it. Default 500. */
  retryDelayMs?: number;
  /** Called as the body arrives: bytes so far and the announced length when there is one. */
  onBytes?: (bytes: number, totalBytes: number | undefined) => void;
}

export interface HttpResponse {
  status: number;
  body: Uint8Array;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_RETRIES = 3;
const DEFAULT_RETRY_DELAY_MS = 500;
/** A server asking for longer than this is treated as unavailable rather than waited for. */
const MAX_RETRY_AFTER_MS = 60_000;

/**
 * GET with an idle timeout and retries with exponential backoff on network errors, timeouts,
 * 429 and 5xx. Returns any other status with its body (callers decide what a 404 means); throws
 * a NETWORK LockkeeperError naming the URL when the server cannot be reached or keeps failing.
 */
export async function httpGet(url: string, options: HttpOptions = {}): Promise<HttpResponse> {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const retries = options.retries ?? DEFAULT_RETRIES;
  const baseDelay = options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS;
  let lastProblem = "";
  let lastCause: unknown;
  for (let attempt = 0; attempt <= retries; attempt++) {
    let retryAfterMs: number | undefined;
    try {
      const response = await attemptGet(fetchImpl, url, options);
      if (response.status !== 429 && response.status < 500) return response;
      lastProblem = `HTTP ${response.status}`;
      lastCause = undefined;
      retryAfterMs = response.retryAfterMs;
    } catch (error: unknown) {
      lastProblem = describeFetchError(error, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
      lastCause = error;
    }
    if (attempt < retries) {
      const delay = retryAfterMs ?? baseDelay * 2 ** attempt;
      if (delay > MAX_RETRY_AFTER_MS) break;
      await sleep(delay);
    }
  }
  const attempts = `${retries + 1} attempt${retries === 0 ? "" : "s"}`;
  throw new LockkeeperError("NETWORK", `cannot download ${url}: ${lastProblem} (after ${attempts})`, {
    hint: "check the network connection, or point the OSV base URL at a reachable mirror",
    cause: lastCause,
  });
}

/** Like `httpGet`, but any status other than 2xx is a NETWORK error naming the URL. */
export async function httpGetOk(url: string, options: HttpOptions = {}): Promise<Uint8Array> {
  const response = await httpGet(url, options);
  if (response.status < 200 || response.status > 299) {
    throw new LockkeeperError("NETWORK", `cannot download ${url}: HTTP ${response.status}`);
  }
  return response.body;
}

async function attemptGet(
  fetchImpl: FetchLike,
  url: string,
  options: HttpOptions,
): Promise<HttpResponse & { retryAfterMs?: number }> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const controller = new AbortController();
  let timer = setTimeout(() => controller.abort(), timeoutMs);
  const touch = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => controller.abort(), timeoutMs);
  };
  try {
    const response = await fetchImpl(url, { signal: controller.signal, redirect: "follow" });
    touch();
    if (response.status === 429 || response.status >= 500) {
      await response.body?.cancel().catch(() => undefined);
      return {
        status: response.status,
        body: new Uint8Array(),
        retryAfterMs: parseRetryAfter(response.headers.get("retry-after")),
      };
    }
    // fetch inflates gzip/br bodies, so content-length only counts bytes when nothing is encoded.
    const lengthHeader = response.headers.get("content-length");
    const encoded = (response.headers.get("content-encoding") ?? "identity") !== "identity";
    const total =
      !encoded && lengthHeader !== null && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : undefined;
    const body = await readBody(response, total, touch, options.onBytes);
    return { status: response.status, body };
  } finally {
    clearTimeout(timer);
  }
}

async function readBody(
  response: Response,
  total: number | undefined,
  touch: () => void,
  onBytes: HttpOptions["onBytes"],
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

/** `Retry-After` as seconds or an HTTP date, in ms from now. */
export function parseRetryAfter(value: string | null): number | undefined {
  if (value === null) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function describeFetchError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && error.name === "AbortError") return `no data for ${timeoutMs} ms`;
  // undici reports "fetch failed" and puts the useful part (ECONNREFUSED, ENOTFOUND) in `cause`.
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error && cause.message) return cause.message;
  return error instanceof Error ? error.message : String(error);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
