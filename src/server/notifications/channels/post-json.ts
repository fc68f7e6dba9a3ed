import { performance } from "node:perf_hooks";
import { isLockkeeperError } from "../../../core/errors.js";
import { HttpClient } from "../../../core/http/http-client.js";
import { describeProblem, HttpError } from "../../../core/http/http-error.js";
import { parseRetryAfter, type RetryPolicy } from "../../../core/http/retry-policy.js";
import { oneLine } from "./text.js";
import type { DeliveryOutcome, SendContext } from "./types.js";

/**
 * Every answer is returned to the channel, which decides what it means: retrying is deliver.ts's,
 * with its own backoff, so that each attempt is logged as a delivery.
 */
const ANSWER_EVERY_STATUS: RetryPolicy = { retryable: () => false, waitMs: () => undefined };

/** An HTTP client for channels: one attempt per request, `timeoutMs` without a byte ends it. */
export function channelHttpClient(timeoutMs = 10_000): HttpClient {
  return new HttpClient({ retries: 0, timeoutMs });
}

/**
 * POSTs a JSON body once through the project's HTTP client (idle timeout, cancellation) and says
 * what came of it. The error never names the URL: a Slack or Teams webhook URL is a credential.
 */
export async function postJson(
  url: string,
  body: string,
  headers: Record<string, string>,
  context: SendContext,
): Promise<DeliveryOutcome> {
  const started = performance.now();
  const durationMs = () => Math.round(performance.now() - started);
  try {
    const response = await context.http.request(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body,
      retryPolicy: ANSWER_EVERY_STATUS,
      ...(context.signal ? { signal: context.signal } : {}),
    });
    const { status } = response;
    if (status >= 200 && status < 300)
      return { ok: true, status, retryable: false, durationMs: durationMs() };
    const retryable = status === 408 || status === 429 || status >= 500;
    const retryAfterMs = retryable ? parseRetryAfter(response.headers.get("retry-after")) : undefined;
    // What the receiver said (Slack answers "invalid_blocks", "no_service"), shortened.
    const said = oneLine(Buffer.from(response.body).toString("utf8")).slice(0, 200);
    return {
      ok: false,
      status,
      error: `HTTP ${status}${said ? `: ${said}` : ""}`,
      retryable,
      durationMs: durationMs(),
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    };
  } catch (error: unknown) {
    if (isLockkeeperError(error) && error.code === "CANCELLED") throw error;
    if (error instanceof HttpError) {
      // No answer (refused, reset, DNS) or no byte within the timeout: worth another attempt.
      return { ok: false, error: describeProblem(error.problem), retryable: true, durationMs: durationMs() };
    }
    throw error;
  }
}
