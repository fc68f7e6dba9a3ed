import { LockkeeperError } from "../errors.js";

/** The error a cancelled operation ends with (code CANCELLED), naming what was stopped. */
export function cancelledError(what: string, signal?: AbortSignal): LockkeeperError {
  const reason = signal?.reason;
  const why = typeof reason === "string" ? ` (${reason})` : "";
  return new LockkeeperError("CANCELLED", `${what} was cancelled${why}`);
}

/** Throws CANCELLED when the signal has fired: a cheap check between steps of long work. */
export function throwIfCancelled(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw cancelledError(what, signal);
}

/** Whether an error is a cancellation (ours, or a platform AbortError). */
export function isCancellation(error: unknown): boolean {
  return (
    (error instanceof LockkeeperError && error.code === "CANCELLED") ||
    (error instanceof Error && error.name === "AbortError")
  );
}
