/** Which answers deserve another attempt, and how long the server asked to wait before it. */
export interface RetryPolicy {
  retryable(status: number, headers: Headers): boolean;
  /** The wait the server asks for (ms from now); undefined leaves it to the backoff. */
  waitMs(headers: Headers): number | undefined;
}

/** 429 and 5xx, honouring `Retry-After`: what registries and download servers use. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  retryable: (status) => status === 429 || status >= 500,
  waitMs: (headers) => parseRetryAfter(headers.get("retry-after")),
};

/**
 * Code-hosting APIs: also GitHub's secondary rate limit, a 403 with `Retry-After` or with no
 * requests left, waiting until `X-RateLimit-Reset` when that is all it says.
 */
export const API_RETRY_POLICY: RetryPolicy = {
  retryable: (status, headers) =>
    DEFAULT_RETRY_POLICY.retryable(status, headers) ||
    (status === 403 && (headers.has("retry-after") || headers.get("x-ratelimit-remaining") === "0")),
  waitMs: (headers) => {
    const asked = DEFAULT_RETRY_POLICY.waitMs(headers);
    if (asked !== undefined) return asked;
    const reset = headers.get("x-ratelimit-reset");
    if (headers.get("x-ratelimit-remaining") === "0" && reset && /^\d+$/.test(reset)) {
      return Math.max(0, Number(reset) * 1000 - Date.now());
    }
    return undefined;
  },
};

/** `Retry-After` as seconds or an HTTP date, in ms from now. */
export function parseRetryAfter(value: string | null): number | undefined {
  if (value === null) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}
