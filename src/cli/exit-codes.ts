import type { ErrorCode } from "../core/errors.js";

/**
 * Exit codes, documented in the README and stable for CI scripts:
 * 0 success / nothing at or above the threshold; 1 findings or policy violations at or above it;
 * 2 usage or input error; 3 advisory database missing or too old; 70 internal error (a bug);
 * 130 cancelled (interrupted), as a shell reports a Ctrl-C; 141 output pipe closed by its reader
 * (`lk … | head`), as a shell reports SIGPIPE.
 */
export const EXIT = {
  OK: 0,
  FINDINGS: 1,
  INPUT: 2,
  DATABASE: 3,
  INTERNAL: 70,
  CANCELLED: 130,
  CLOSED_OUTPUT: 141,
} as const;

export function exitCodeFor(code: ErrorCode): number {
  if (code === "CANCELLED") return EXIT.CANCELLED;
  return code === "DB_MISSING" || code === "DB_STALE" ? EXIT.DATABASE : EXIT.INPUT;
}
