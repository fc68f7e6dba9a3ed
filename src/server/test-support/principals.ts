import type { FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import { mintToken } from "../auth/api-tokens.js";
import { hashPassword } from "../auth/passwords.js";
import type { Principal, Role } from "../auth/principal.js";
import type { Database } from "../db/schema.js";
import { uuidv7 } from "../ids.js";

export interface TestPrincipal {
  userId: string;
  email: string;
  /** The principal requests with `authorization` get. */
  principal: Principal;
  /** `Bearer lkt_…`: put it in the `authorization` header of `app.inject`. */
  authorization: string;
  headers: { authorization: string };
}

let counter = 0;

/**
 * A user with `role` and an API token of theirs (scoped to `projectIds` when given), for route
 * tests: `app.inject({ ..., headers: admin.headers })`. The user has no password (it cannot sign in
 * with a cookie; see `signIn` for that). Minting writes a token.create audit entry.
 */
export async function createTestPrincipal(
  db: Kysely<Database>,
  options: { role: Role; email?: string; projectIds?: string[]; now?: Date },
): Promise<TestPrincipal> {
  const now = options.now ?? new Date();
  counter += 1;
  const email = options.email ?? `${options.role}-${counter}@example.test`;
  const user = await db
    .insertInto("users")
    .values({ id: uuidv7(now.getTime()), email, role: options.role, created_at: now })
    .returning("id")
    .executeTakeFirstOrThrow();
  const owner: Principal = {
    kind: "user",
    id: user.id,
    actor: email,
    role: options.role,
    projectIds: null,
    userId: user.id,
  };
  const { token, secret } = await mintToken({ db, now: () => now }, owner, {
    name: `test-${counter}`,
    ...(options.projectIds ? { projectIds: options.projectIds } : {}),
  });
  const authorization = `Bearer ${secret}`;
  return {
    userId: user.id,
    email,
    principal: {
      kind: "token",
      id: token.id,
      actor: `token:${token.name}`,
      role: options.role,
      projectIds: token.projectIds,
      userId: user.id,
    },
    authorization,
    headers: { authorization },
  };
}

export interface TestSession {
  /** The `cookie` header value (`lk_session=…`). */
  cookie: string;
  csrfToken: string;
  /** Headers of a cookie request that changes something: cookie and X-CSRF-Token. */
  headers: { cookie: string; "x-csrf-token": string };
}

/** A user with a password, signed in through POST /api/v1/auth/login: a browser's session. */
export async function signIn(
  app: FastifyInstance,
  db: Kysely<Database>,
  options: { role: Role; email?: string; password?: string },
): Promise<TestSession & { userId: string; email: string; password: string }> {
  counter += 1;
  const email = options.email ?? `${options.role}-${counter}@example.test`;
  const password = options.password ?? "correct horse battery staple";
  const user = await db
    .insertInto("users")
    .values({ id: uuidv7(), email, role: options.role, password_hash: await hashPassword(password) })
    .returning("id")
    .executeTakeFirstOrThrow();
  const response = await app.inject({
    method: "POST",
    url: "/api/v1/auth/login",
    payload: { email, password },
  });
  if (response.statusCode !== 200) throw new Error(`login failed: ${response.statusCode} ${response.body}`);
  const cookie = String(response.headers["set-cookie"]).split(";")[0] as string;
  const { csrfToken } = response.json() as { csrfToken: string };
  return {
    userId: user.id,
    email,
    password,
    cookie,
    csrfToken,
    headers: { cookie, "x-csrf-token": csrfToken },
  };
}
