import { LockkeeperError } from "../errors.js";
import { redactUrl } from "./urls.js";

/** The error of a request its caller aborted: CANCELLED, never retried. */
export function cancelledError(url: string, reason?: unknown): LockkeeperError {
  return new LockkeeperError("CANCELLED", `the request to ${redactUrl(url)} was cancelled`, {
    cause: reason,
  });
}

/** Waits `ms`, or rejects with CANCELLED as soon as `signal` aborts. */
export function backoff(ms: number, url: string, signal: AbortSignal | undefined): Promise<void> {
  if (signal?.aborted) return Promise.reject(cancelledError(url, signal.reason));
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(cancelledError(url, signal?.reason));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
