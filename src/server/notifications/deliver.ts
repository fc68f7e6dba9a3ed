import { isLockkeeperError, LockkeeperError } from "../../core/errors.js";
import { uuidv7 } from "../ids.js";
import { retryDelayMs } from "../jobs/backoff.js";
import { sendOnce } from "./channels/send.js";
import type { ChannelTarget, DeliveryOutcome, SendContext } from "./channels/types.js";
import type { NotificationMessage } from "./messages.js";

/** One attempt, as the delivery log keeps it (notification_deliveries). */
export interface DeliveryRecord {
  id: string;
  deliveryId: string;
  channelId: string;
  eventKind: NotificationMessage["kind"];
  messageKey: string;
  attempt: number;
  /** retrying: failed, and another attempt follows; failed: the last attempt failed. */
  status: "delivered" | "retrying" | "failed";
  responseCode: number | null;
  error: string | null;
  durationMs: number;
  at: Date;
}

export interface DeliverOptions {
  /** How channels send (HTTP client, mail sender) and the clock; the delivery id and signal are deliver's. */
  context: Omit<SendContext, "deliveryId" | "signal">;
  /** The clock of the log's times and ids; the context's (the signatures') by default. */
  clock?: () => Date;
  /** Writes each attempt to the log (deliveryLog in delivery-log.ts, or a test's list). */
  record(record: DeliveryRecord): Promise<void>;
  /** Aborts the attempt in flight or the wait before the next: deliver rejects with CANCELLED. */
  signal?: AbortSignal;
  /** Attempts in all, the first included. Default 5. */
  maxAttempts?: number;
  /** The wait after the first failure; doubled after each. Default 2 s. */
  baseDelayMs?: number;
  /** The longest backoff wait. Default 60 s. */
  maxDelayMs?: number;
  /** A receiver asking for a longer wait (Retry-After) ends the delivery instead. Default 10 min. */
  maxRetryAfterMs?: number;
  /** In [0, 1): the jitter. Tests fix it. */
  random?: () => number;
  /** Waits `ms` or rejects when `signal` aborts. Tests make it instant and note the waits. */
  sleep?: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
  /** The id receivers see (Lockkeeper-Delivery); a new UUIDv7 by default. */
  deliveryId?: string;
}

export interface DeliveryResult {
  deliveryId: string;
  delivered: boolean;
  attempts: number;
  /** The last attempt's outcome. */
  outcome: DeliveryOutcome;
}

export const DELIVERY_DEFAULTS = {
  maxAttempts: 5,
  baseDelayMs: 2_000,
  maxDelayMs: 60_000,
  maxRetryAfterMs: 10 * 60_000,
} as const;

/**
 * Sends `message` to a channel until it is delivered, a failure that would not pass (a 4xx, an
 * SMTP 5xx), or the last attempt; every attempt is recorded. Between attempts it waits what the
 * receiver asked (Retry-After) or an exponential backoff with jitter: each wait between half and
 * all of base × 2^(n−1), so that senders failing together do not come back together.
 */
export async function deliver(
  target: ChannelTarget,
  message: NotificationMessage,
  options: DeliverOptions,
): Promise<DeliveryResult> {
  const maxAttempts = options.maxAttempts ?? DELIVERY_DEFAULTS.maxAttempts;
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? abortableSleep;
  const clock = options.clock ?? options.context.now;
  const deliveryId = options.deliveryId ?? uuidv7(clock().getTime());
  const context: SendContext = {
    ...options.context,
    deliveryId,
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const record = (attempt: number, status: DeliveryRecord["status"], outcome: DeliveryOutcome) =>
    options.record({
      id: uuidv7(clock().getTime()),
      deliveryId,
      channelId: target.id,
      eventKind: message.kind,
      messageKey: message.key,
      attempt,
      status,
      responseCode: outcome.status ?? null,
      error: outcome.error ?? null,
      durationMs: outcome.durationMs,
      at: clock(),
    });

  for (let attempt = 1; ; attempt++) {
    let outcome: DeliveryOutcome;
    const started = performance.now();
    try {
      outcome = await sendOnce(target, message, context);
    } catch (error: unknown) {
      if (isLockkeeperError(error) && error.code === "CANCELLED") {
        const durationMs = Math.round(performance.now() - started);
        await record(attempt, "failed", { ok: false, error: "cancelled", retryable: true, durationMs });
      }
      throw error;
    }
    if (outcome.ok) {
      await record(attempt, "delivered", outcome);
      return { deliveryId, delivered: true, attempts: attempt, outcome };
    }
    const wait = nextWait(attempt, outcome, { ...options, maxAttempts }, random);
    if (typeof wait !== "number") {
      const final = wait.note
        ? { ...outcome, error: `${outcome.error ?? "failed"} (${wait.note})` }
        : outcome;
      await record(attempt, "failed", final);
      return { deliveryId, delivered: false, attempts: attempt, outcome: final };
    }
    await record(attempt, "retrying", outcome);
    await sleep(wait, options.signal);
  }
}

/** How long to wait before the next attempt, or why there is none. */
function nextWait(
  attempt: number,
  outcome: DeliveryOutcome,
  options: DeliverOptions & { maxAttempts: number },
  random: () => number,
): number | { note?: string } {
  if (!outcome.retryable || attempt >= options.maxAttempts) return {};
  if (outcome.retryAfterMs !== undefined) {
    const limit = options.maxRetryAfterMs ?? DELIVERY_DEFAULTS.maxRetryAfterMs;
    if (outcome.retryAfterMs > limit) {
      return { note: `asked to wait ${Math.ceil(outcome.retryAfterMs / 1000)} s` };
    }
    return outcome.retryAfterMs;
  }
  const timing = {
    retryBaseMs: options.baseDelayMs ?? DELIVERY_DEFAULTS.baseDelayMs,
    retryMaxMs: options.maxDelayMs ?? DELIVERY_DEFAULTS.maxDelayMs,
  };
  return retryDelayMs(attempt, timing, random);
}

/** Waits `ms`, or rejects with CANCELLED as soon as `signal` aborts. */
export function abortableSleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  const cancelled = () =>
    new LockkeeperError("CANCELLED", "the delivery was cancelled", { cause: signal?.reason });
  if (signal?.aborted) return Promise.reject(cancelled());
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelled());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
