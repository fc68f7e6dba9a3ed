import type { Kysely } from "kysely";
import { appendAudit } from "../audit/audit-log.js";
import type { Database } from "../db/schema.js";
import { uuidv7 } from "../ids.js";
import { hashPassword } from "./passwords.js";
import { createSetupToken, lockUsers, normalizeEmail, setupPath, userView } from "./users.js";

export type FirstAdmin =
  /** The store has users: nothing to do. */
  | { kind: "exists" }
  /** The admin of the configuration was created. */
  | { kind: "created"; email: string }
  /** No configuration: the first admin sets up at this path (print it once; it holds a secret). */
  | { kind: "setup"; path: string };

/**
 * Gives an empty store its first admin: the one configured (LK_ADMIN_EMAIL and LK_ADMIN_PASSWORD),
 * or else a setup link with which whoever runs the server creates it. Instances starting at once
 * queue on the users lock, so one creates the admin and the others find it.
 */
export async function ensureFirstAdmin(
  db: Kysely<Database>,
  admin: { email: string; password: string } | undefined,
  now: Date,
): Promise<FirstAdmin> {
  const anyUser = () => db.selectFrom("users").select("id").limit(1).executeTakeFirst();
  // Hashing costs tens of milliseconds: skip it on every start but the first.
  if (await anyUser()) return { kind: "exists" };
  const passwordHash = admin ? await hashPassword(admin.password) : null;
  return db.transaction().execute(async (trx): Promise<FirstAdmin> => {
    await lockUsers(trx);
    if (await trx.selectFrom("users").select("id").limit(1).executeTakeFirst()) return { kind: "exists" };
    if (!admin || passwordHash === null) {
      const secret = await createSetupToken(trx, null, now);
      await appendAudit(trx, { actor: "system", action: "setup_link.create", subjectType: "user" }, now);
      return { kind: "setup", path: setupPath(secret) };
    }
    const inserted = await trx
      .insertInto("users")
      .values({
        id: uuidv7(now.getTime()),
        email: normalizeEmail(admin.email),
        password_hash: passwordHash,
        role: "admin",
        created_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const user = userView(inserted);
    await appendAudit(
      trx,
      { actor: "system", action: "user.create", subjectType: "user", subjectId: user.id, after: user },
      now,
    );
    return { kind: "created", email: user.email };
  });
}
