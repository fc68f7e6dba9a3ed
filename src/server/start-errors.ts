import { LockkeeperError } from "../core/errors.js";

/** Socket errors of `listen` an operator fixes with LK_HOST / LK_PORT. */
const LISTEN_ERRORS: Record<string, string> = {
  EADDRINUSE: "the address is already in use",
  EACCES: "permission denied (ports below 1024 need privileges)",
  EADDRNOTAVAIL: "the address is not one of this machine's",
};

/** Connection errors of the database: the operator's configuration or the database, not a bug. */
const DATABASE_ERRORS = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "ECONNRESET",
  "28P01", // invalid password
  "28000", // no pg_hba.conf entry / role not allowed
  "3D000", // database does not exist
]);

/** A listen failure as one clear message (exit 2) instead of an internal error. */
export function listenError(error: unknown, host: string, port: number): unknown {
  const reason = LISTEN_ERRORS[(error as NodeJS.ErrnoException).code ?? ""];
  if (!reason) return error;
  return new LockkeeperError("CONFIG", `cannot listen on ${host}:${port}: ${reason}`, {
    hint: "choose another LK_HOST / LK_PORT",
    cause: error,
  });
}

/**
 * A database that cannot be reached or refuses us, as one clear message. pg's messages name the
 * host, user or database, never the password; the URL itself is not repeated.
 */
export function databaseError(error: unknown): unknown {
  const code = (error as { code?: string }).code;
  if (code === undefined || !DATABASE_ERRORS.has(code)) return error;
  const message = error instanceof Error && error.message ? error.message : code;
  return new LockkeeperError("NETWORK", `cannot use the database: ${message}`, {
    hint: "check DATABASE_URL and that PostgreSQL is running",
    cause: error,
  });
}
