import { HttpProblem } from "../problem.js";
import { type AuthDependencies, audited } from "./dependencies.js";
import { checkLoginAllowed, recordFailure, recordSuccess } from "./login-throttle.js";
import { verifyPassword } from "./passwords.js";
import { createSession } from "./sessions.js";
import { normalizeEmail, type UserView, userView } from "./users.js";

/**
 * Signs a user in: the throttle first (429), then the password. A wrong password, an unknown email,
 * a user without a password yet and a disabled user all get the same 401 after the same argon2
 * work, so the answer does not tell which accounts exist. Every outcome is audit-logged under the
 * email tried. Returns the new session's secret (for the cookie) and the user.
 */
export async function login(
  deps: AuthDependencies,
  request: { email: string; password: string; ip: string },
): Promise<{ user: UserView; secret: string }> {
  const email = normalizeEmail(request.email);
  const now = deps.now();
  await checkLoginAllowed(deps.db, email, request.ip, now);
  const user = await deps.db.selectFrom("users").selectAll().where("email", "=", email).executeTakeFirst();
  const matches = await verifyPassword(request.password, user?.password_hash ?? null);
  if (!user || !matches || user.disabled_at !== null) {
    await audited(deps, async (trx, audit) => {
      const locked = await recordFailure(trx, email, request.ip, now);
      await audit({ actor: email, action: "auth.login_failed", subjectType: "user", subjectId: user?.id });
      if (locked) {
        await audit({
          actor: email,
          action: "auth.lockout",
          subjectType: "user",
          subjectId: user?.id,
          after: { lockedUntil: locked.toISOString() },
        });
      }
    });
    // Thrown after the commit: the failure must be recorded, not rolled back with the request.
    throw new HttpProblem(401, "wrong email or password");
  }
  return audited(deps, async (trx, audit) => {
    await recordSuccess(trx, email, request.ip, now);
    const updated = await trx
      .updateTable("users")
      .set({ last_login_at: now })
      .where("id", "=", user.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const secret = await createSession(trx, user.id, now);
    await audit({ actor: email, action: "auth.login", subjectType: "user", subjectId: user.id });
    return { user: userView(updated), secret };
  });
}
