import { backoff } from "./cancellation.js";
import { HttpError, type HttpProblem } from "./http-error.js";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./retry-policy.js";
import { sendOnce } from "./send-once.js";
import { redactUrl, splitCredentials } from "./urls.js";

/** The part of the global `fetch` the client uses; tests and servers can pass their own. */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** How a client sends: shared by every request it makes. */
export interface HttpClientOptions {
  fetch?: FetchLike;
  /** Abort an attempt when no byte has arrived for this long (ms). Default 30 s. */
  timeoutMs?: number;
  /** Extra attempts after a network error, a timeout or a retryable status. Default 3. */
  retries?: number;
  /** First backoff delay (ms), doubled each retry; the server's `Retry-After` wins. Default 500. */
  retryDelayMs?: number;
}

/** One request. Only `url` is required: the rest defaults to a plain GET. */
export interface HttpRequest {
  method?: string;
  /** Lower-case names. A URL's `user:password@` becomes Basic authorization unless one is given. */
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Aborts the request and any backoff wait at once; the call rejects with CANCELLED. */
  signal?: AbortSignal;
  /** Called as the body arrives: bytes so far and the announced length when there is one. */
  onBytes?: (bytes: number, totalBytes: number | undefined) => void;
  /** Which answers are retried. Default: 429 and 5xx with `Retry-After`. */
  retryPolicy?: RetryPolicy;
}

/** Any answer the retry policy did not retry; callers decide what a 404 or a 401 means. */
export interface HttpResponse {
  status: number;
  headers: Headers;
  body: Uint8Array;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_RETRIES = 3;
const DEFAULT_RETRY_DELAY_MS = 500;
/** A server asking for a longer wait than this fails the request now: a run should not hang for an hour. */
const MAX_WAIT_MS = 60_000;

/**
 * The one HTTP client of Lockkeeper: any method, headers and body, an idle timeout, retries with
 * exponential backoff on network errors, timeouts and retryable statuses, cancellation. It keeps
 * no state between requests, so one instance can serve any number of callers.
 */
export class HttpClient {
  private readonly fetch: FetchLike;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly retryDelayMs: number;

  constructor(options: HttpClientOptions = {}) {
    this.fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.retries = options.retries ?? DEFAULT_RETRIES;
    this.retryDelayMs = options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS;
  }

  /**
   * Sends the request until an answer the policy does not retry, and returns it whatever its
   * status. Throws HttpError (NETWORK, credentials never shown) when the retries run out or the
   * server asks to wait more than a minute, and CANCELLED when the signal aborts.
   */
  async request(url: string, request: HttpRequest = {}): Promise<HttpResponse> {
    const method = request.method ?? "GET";
    const policy = request.retryPolicy ?? DEFAULT_RETRY_POLICY;
    const { plainUrl, basic } = splitCredentials(url);
    const headers: Record<string, string> = { "user-agent": "lockkeeper", ...request.headers };
    if (basic && headers.authorization === undefined) headers.authorization = `Basic ${basic}`;
    for (let attempt = 1; ; attempt++) {
      const outcome = await sendOnce({
        fetch: this.fetch,
        url: plainUrl,
        method,
        headers,
        body: request.body,
        idleMs: this.timeoutMs,
        signal: request.signal,
        onBytes: request.onBytes,
      });
      let problem: HttpProblem;
      let askedMs: number | undefined;
      let cause: unknown;
      if ("response" in outcome) {
        const { status, headers: answered, body } = outcome.response;
        if (!policy.retryable(status, answered)) return outcome.response;
        problem = { kind: "status", status, body };
        askedMs = policy.waitMs(answered);
      } else {
        problem = outcome.problem;
        cause = outcome.cause;
      }
      const tooLong = askedMs !== undefined && askedMs > MAX_WAIT_MS;
      if (attempt > this.retries || tooLong) {
        throw new HttpError(redactUrl(url), method, problem, attempt, tooLong ? askedMs : undefined, cause);
      }
      await backoff(askedMs ?? this.retryDelayMs * 2 ** (attempt - 1), url, request.signal);
    }
  }
}
