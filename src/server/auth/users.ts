import { type Kysely, sql, type Transaction } from "kysely";
import type { Database, UsersTable } from "../db/schema.js";
import { uuidv7 } from "../ids.js";
import { decodeCursor, page } from "../pagination.js";
import { HttpProblem } from "../problem.js";
import { type AuthDependencies, audited } from "./dependencies.js";
import { hashPassword } from "./passwords.js";
import type { Principal, Role } from "./principal.js";
import { newSecret, sha256Hex } from "./secrets.js";

/**
 * The key changes to who is an admin take for their transaction: the last-admin check and the
 * first-admin bootstrap must not interleave with another instance's. ("LKUSERS" in ASCII.)
 */
export const USERS_LOCK_KEY = 0x4c4b5553455253n;

/** How long a setup link works. */
export const SETUP_TOKEN_LIFETIME_MS = 72 * 60 * 60 * 1000;

/** A user as the API and the audit log show them: never the password hash. */
export interface UserView {
  id: string;
  email: string;
  role: Role;
  disabled: boolean;
  hasPassword: boolean;
  createdAt: string;
  lastLoginAt: string | null;
}

type UserRow = Pick<
  UsersTable,
  "id" | "email" | "password_hash" | "role" | "disabled_at" | "last_login_at"
> & { created_at: Date };

export function userView(row: UserRow): UserView {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    disabled: row.disabled_at !== null,
    hasPassword: row.password_hash !== null,
    createdAt: row.created_at.toISOString(),
    lastLoginAt: row.last_login_at?.toISOString() ?? null,
  };
}

/** Emails compare case-insensitively: the store keeps them lower-cased. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function lockUsers(trx: Transaction<Database>) {
  return sql`select pg_advisory_xact_lock(${USERS_LOCK_KEY.toString()}::bigint)`.execute(trx);
}

/** The path of a setup link; the secret sits in the fragment, which browsers do not send to servers. */
export function setupPath(secret: string): string {
  return `/setup#${secret}`;
}

/** Stores a setup link for `userId` (null: the first admin of an empty store); returns its secret. */
export async function createSetupToken(
  trx: Transaction<Database>,
  userId: string | null,
  now: Date,
): Promise<string> {
  const secret = newSecret();
  await trx
    .insertInto("setup_tokens")
    .values({
      token_hash: sha256Hex(secret),
      user_id: userId,
      created_at: now,
      expires_at: new Date(now.getTime() + SETUP_TOKEN_LIFETIME_MS),
    })
    .execute();
  return secret;
}

/**
 * Creates a user. With a password they can sign in at once; without one the answer carries a
 * setup link (shown this once) with which they choose it. A taken email is 409.
 */
export async function createUser(
  deps: AuthDependencies,
  actor: Principal,
  request: { email: string; role: Role; password?: string },
): Promise<{ user: UserView; setupToken?: string }> {
  const email = normalizeEmail(request.email);
  const passwordHash = request.password === undefined ? null : await hashPassword(request.password);
  const now = deps.now();
  return audited(deps, async (trx, audit) => {
    const inserted = await trx
      .insertInto("users")
      .values({
        id: uuidv7(now.getTime()),
        email,
        password_hash: passwordHash,
        role: request.role,
        created_at: now,
      })
      .onConflict((conflict) => conflict.column("email").doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!inserted) throw new HttpProblem(409, `a user with email ${email} exists already`);
    const user = userView(inserted);
    await audit({
      actor: actor.actor,
      action: "user.create",
      subjectType: "user",
      subjectId: user.id,
      after: user,
    });
    if (passwordHash !== null) return { user };
    return { user, setupToken: await createSetupToken(trx, user.id, now) };
  });
}

/** A page of users in creation order (ids are UUIDv7), after the `cursor` of the previous page. */
export async function listUsers(
  db: Kysely<Database>,
  limit: number,
  cursor: string | undefined,
): Promise<{ items: UserView[]; nextCursor: string | null }> {
  let query = db
    .selectFrom("users")
    .selectAll()
    .orderBy("id")
    .limit(limit + 1);
  if (cursor !== undefined) query = query.where("id", ">", String(decodeCursor(cursor, 1)[0]));
  const result = page(await query.execute(), limit, (row) => [row.id]);
  return { items: result.items.map(userView), nextCursor: result.nextCursor };
}

/**
 * Changes a user's role or disables (or enables) them. The last enabled admin can be neither
 * demoted nor disabled (409): nobody could manage users any more. Disabling ends their sessions;
 * their tokens stop working while they are disabled.
 */
export async function updateUser(
  deps: AuthDependencies,
  actor: Principal,
  id: string,
  change: { role?: Role; disabled?: boolean },
): Promise<UserView> {
  const now = deps.now();
  return audited(deps, async (trx, audit) => {
    await lockUsers(trx);
    const before = await trx.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
    if (!before) throw new HttpProblem(404, "no such user");
    const role = change.role ?? before.role;
    const disabledAt =
      change.disabled === undefined
        ? before.disabled_at
        : change.disabled
          ? (before.disabled_at ?? now)
          : null;
    const wasEnabledAdmin = before.role === "admin" && before.disabled_at === null;
    if (wasEnabledAdmin && (role !== "admin" || disabledAt !== null)) {
      const others = await trx
        .selectFrom("users")
        .select((eb) => eb.fn.countAll<string>().as("count"))
        .where("role", "=", "admin")
        .where("disabled_at", "is", null)
        .where("id", "!=", id)
        .executeTakeFirstOrThrow();
      if (Number(others.count) === 0) {
        throw new HttpProblem(409, "this is the last enabled admin; make another user admin first");
      }
    }
    const after = await trx
      .updateTable("users")
      .set({ role, disabled_at: disabledAt })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (disabledAt !== null) await trx.deleteFrom("sessions").where("user_id", "=", id).execute();
    await audit({
      actor: actor.actor,
      action: "user.update",
      subjectType: "user",
      subjectId: id,
      before: userView(before),
      after: userView(after),
    });
    return userView(after);
  });
}

/**
 * Sets a password with a setup link, which works once. A link of an invited user sets theirs; the
 * first-admin link (no user yet) creates the admin with `email`, only while the store has no users.
 */
export async function completeSetup(
  deps: AuthDependencies,
  request: { token: string; password: string; email?: string },
): Promise<UserView> {
  const passwordHash = await hashPassword(request.password);
  const now = deps.now();
  return audited(deps, async (trx, audit) => {
    await lockUsers(trx);
    const link = await trx
      .deleteFrom("setup_tokens")
      .where("token_hash", "=", sha256Hex(request.token))
      .where("expires_at", ">", now)
      .returningAll()
      .executeTakeFirst();
    if (!link) throw new HttpProblem(404, "this setup link is unknown, used or expired");
    if (link.user_id === null) {
      if (request.email === undefined) throw new HttpProblem(400, "the first admin's setup needs an email");
      const existing = await trx.selectFrom("users").select("id").limit(1).executeTakeFirst();
      if (existing) throw new HttpProblem(409, "the first admin exists already");
      const inserted = await trx
        .insertInto("users")
        .values({
          id: uuidv7(now.getTime()),
          email: normalizeEmail(request.email),
          password_hash: passwordHash,
          role: "admin",
          created_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      // The other first-admin links (one per start of an instance) have served their purpose.
      await trx.deleteFrom("setup_tokens").where("user_id", "is", null).execute();
      const user = userView(inserted);
      await audit({
        actor: user.email,
        action: "user.setup",
        subjectType: "user",
        subjectId: user.id,
        after: user,
      });
      return user;
    }
    const before = await trx
      .selectFrom("users")
      .selectAll()
      .where("id", "=", link.user_id)
      .executeTakeFirstOrThrow();
    const after = await trx
      .updateTable("users")
      .set({ password_hash: passwordHash })
      .where("id", "=", link.user_id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit({
      actor: after.email,
      action: "user.setup",
      subjectType: "user",
      subjectId: after.id,
      before: userView(before),
      after: userView(after),
    });
    return userView(after);
  });
}
