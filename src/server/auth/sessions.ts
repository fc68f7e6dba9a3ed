import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import type { Role } from "./principal.js";
import { newSecret, sha256Hex } from "./secrets.js";

export const SESSION_COOKIE = "lk_session";
/** A session ends after 12 hours without a request… */
export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
/** …and 7 days after sign-in at the latest, however active: a stolen cookie does not live forever. */
export const SESSION_MAX_MS = 7 * 24 * 60 * 60 * 1000;
/** Activity moves the idle deadline at most once a minute, not with a write per request. */
const TOUCH_INTERVAL_MS = 60 * 1000;

export interface SessionUser {
  sessionId: string;
  userId: string;
  email: string;
  role: Role;
}

/**
 * Starts a session for a user; returns the cookie's secret (the store keeps only its sha256).
 * Sessions that have expired are removed here, so the table does not grow with every sign-in.
 */
export async function createSession(db: Kysely<Database>, userId: string, now: Date): Promise<string> {
  await db.deleteFrom("sessions").where("expires_at", "<=", now).execute();
  const secret = newSecret();
  await db
    .insertInto("sessions")
    .values({
      id: sha256Hex(secret),
      user_id: userId,
      created_at: now,
      last_seen_at: now,
      expires_at: new Date(now.getTime() + SESSION_IDLE_MS),
    })
    .execute();
  return secret;
}

/**
 * The session of a cookie secret and its user, when the session has not expired and the user is
 * not disabled; extends the idle deadline (up to the maximum) when it was last moved a minute ago.
 */
export async function findSession(
  db: Kysely<Database>,
  secret: string,
  now: Date,
): Promise<SessionUser | undefined> {
  const row = await db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select([
      "sessions.id",
      "sessions.created_at",
      "sessions.last_seen_at",
      "users.id as user_id",
      "users.email",
      "users.role",
    ])
    .where("sessions.id", "=", sha256Hex(secret))
    .where("sessions.expires_at", ">", now)
    .where("users.disabled_at", "is", null)
    .executeTakeFirst();
  if (!row) return undefined;
  if (now.getTime() - row.last_seen_at.getTime() >= TOUCH_INTERVAL_MS) {
    const expires = Math.min(now.getTime() + SESSION_IDLE_MS, row.created_at.getTime() + SESSION_MAX_MS);
    await db
      .updateTable("sessions")
      .set({ last_seen_at: now, expires_at: new Date(expires) })
      .where("id", "=", row.id)
      .execute();
  }
  return { sessionId: row.id, userId: row.user_id, email: row.email, role: row.role };
}

export async function deleteSession(db: Kysely<Database>, secret: string): Promise<void> {
  await db.deleteFrom("sessions").where("id", "=", sha256Hex(secret)).execute();
}

/**
 * The CSRF token of a session: derived from the cookie's secret, so the server stores nothing more
 * and can hand it out again (GET /auth/me), while a copy of the sessions table (which holds a
 * different hash of the secret) does not give it away.
 */
export function csrfTokenOf(secret: string): string {
  return createHash("sha256").update("lockkeeper csrf\n").update(secret).digest("base64url");
}

/** The Set-Cookie value of a new session; the browser keeps it as long as the session may live. */
export function sessionCookie(secret: string): string {
  return `${SESSION_COOKIE}=${secret}; HttpOnly; Secure; SameSite=Strict; Path=/; Max-Age=${SESSION_MAX_MS / 1000}`;
}

/** The Set-Cookie value that makes the browser forget the session. */
export function clearedSessionCookie(): string {
  return `${SESSION_COOKIE}=; HttpOnly; Secure; SameSite=Strict; Path=/; Max-Age=0`;
}
