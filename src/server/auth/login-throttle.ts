import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import { HttpProblem } from "../problem.js";

/** Per client IP: at most this many login attempts a minute. */
export const IP_ATTEMPTS_PER_MINUTE = 20;
/** Per email: this many failures within the window lock it… */
export const FAILURES_BEFORE_LOCKOUT = 5;
export const FAILURE_WINDOW_MS = 15 * 60 * 1000;
/** …for this long. */
export const LOCKOUT_MS = 15 * 60 * 1000;
const MINUTE_MS = 60 * 1000;
/** Attempts older than this count for nothing and are pruned. */
export const KEEP_MS = 24 * 60 * 60 * 1000;

/**
 * Both limits answer 429 Too Many Requests with Retry-After, not 423 Locked: 423 is WebDAV's "this
 * resource is locked", while 429 is the status clients and proxies know to retry later, and one
 * status for both keeps the response from telling an IP limit from an account lock-out.
 */
function tooManyAttempts(detail: string, until: number, now: Date): HttpProblem {
  const seconds = Math.max(1, Math.ceil((until - now.getTime()) / 1000));
  return new HttpProblem(429, detail, {}, { "retry-after": String(seconds) });
}

/**
 * Refuses a login attempt before the password is checked: a client IP past its attempts for the
 * last minute, or an email locked out (recorded as an attempt of that IP). Throws the 429 problem.
 */
export async function checkLoginAllowed(
  db: Kysely<Database>,
  email: string,
  ip: string,
  now: Date,
): Promise<void> {
  const recent = await db
    .selectFrom("login_attempts")
    .select("at")
    .where("ip", "=", ip)
    .where("at", ">", new Date(now.getTime() - MINUTE_MS))
    .orderBy("at", "desc")
    .limit(IP_ATTEMPTS_PER_MINUTE)
    .execute();
  if (recent.length >= IP_ATTEMPTS_PER_MINUTE) {
    // Free again a minute after the oldest of the last 20 attempts (a sliding window).
    const oldest = (recent.at(-1) as { at: Date }).at.getTime();
    throw tooManyAttempts(
      "too many login attempts from this address; try again later",
      oldest + MINUTE_MS,
      now,
    );
  }
  const lock = await db
    .selectFrom("login_lockouts")
    .select("locked_until")
    .where("email", "=", email)
    .where("locked_until", ">", now)
    .executeTakeFirst();
  if (lock) {
    await recordAttempt(db, email, ip, now, "locked");
    throw tooManyAttempts(
      "too many failed logins for this account; try again later",
      lock.locked_until.getTime(),
      now,
    );
  }
}

/** Records a successful login; also prunes attempts too old to matter. */
export async function recordSuccess(
  db: Kysely<Database>,
  email: string,
  ip: string,
  now: Date,
): Promise<void> {
  await recordAttempt(db, email, ip, now, "success");
  await db
    .deleteFrom("login_attempts")
    .where("at", "<", new Date(now.getTime() - KEEP_MS))
    .execute();
}

/**
 * Records a failed login and locks the email once it has failed FAILURES_BEFORE_LOCKOUT times within
 * the window, counting only failures since its last success and since its previous lock ended.
 * Returns the end of the lock it started, if any. Instances racing here may allow an attempt or two
 * more than the limit; the next attempt after that is refused either way.
 */
export async function recordFailure(
  db: Kysely<Database>,
  email: string,
  ip: string,
  now: Date,
): Promise<Date | undefined> {
  await recordAttempt(db, email, ip, now, "failure");
  const [lastSuccess, previousLock] = await Promise.all([
    db
      .selectFrom("login_attempts")
      .select((eb) => eb.fn.max("at").as("at"))
      .where("email", "=", email)
      .where("outcome", "=", "success")
      .executeTakeFirst(),
    db.selectFrom("login_lockouts").select("locked_until").where("email", "=", email).executeTakeFirst(),
  ]);
  const since = Math.max(
    now.getTime() - FAILURE_WINDOW_MS,
    lastSuccess?.at ? new Date(lastSuccess.at).getTime() : 0,
    previousLock?.locked_until.getTime() ?? 0,
  );
  const counted = await db
    .selectFrom("login_attempts")
    .select((eb) => eb.fn.countAll<string>().as("failures"))
    .where("email", "=", email)
    .where("outcome", "=", "failure")
    .where("at", ">", new Date(since))
    .executeTakeFirstOrThrow();
  if (Number(counted.failures) < FAILURES_BEFORE_LOCKOUT) return undefined;
  const lockedUntil = new Date(now.getTime() + LOCKOUT_MS);
  await db
    .insertInto("login_lockouts")
    .values({ email, locked_until: lockedUntil })
    .onConflict((conflict) => conflict.column("email").doUpdateSet({ locked_until: lockedUntil }))
    .execute();
  return lockedUntil;
}

function recordAttempt(
  db: Kysely<Database>,
  email: string,
  ip: string,
  at: Date,
  outcome: "success" | "failure" | "locked",
) {
  return db.insertInto("login_attempts").values({ email, ip, at, outcome }).execute();
}
