export interface RetryTiming {
  /** The delay before the second attempt; each later one doubles it (default 5 s). */
  retryBaseMs?: number;
  /** No delay grows past this (default 10 minutes). */
  retryMaxMs?: number;
}

export const DEFAULT_MAX_ATTEMPTS = 5;

/**
 * How long to wait before attempt `attempt + 1`: exponential, capped, with "equal jitter" (half
 * fixed, half random) so jobs that failed together (a registry outage) do not retry together.
 */
export function retryDelayMs(attempt: number, timing: RetryTiming, random = Math.random): number {
  const base = timing.retryBaseMs ?? 5_000;
  const max = timing.retryMaxMs ?? 600_000;
  const delay = Math.min(max, base * 2 ** Math.max(0, attempt - 1));
  return Math.round(delay / 2 + (delay / 2) * random());
}
