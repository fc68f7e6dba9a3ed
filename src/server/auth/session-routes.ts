import type { FastifyInstance } from "fastify";
import { sessionSecretOf } from "./authentication.js";
import { authenticated } from "./authorize.js";
import type { AuthDependencies } from "./dependencies.js";
import { login } from "./login.js";
import { emailSchema, passwordSchema, secretSchema } from "./schemas.js";
import { clearedSessionCookie, csrfTokenOf, deleteSession, sessionCookie } from "./sessions.js";
import { completeSetup } from "./users.js";

/** Sign-in, sign-out, who am I, and setting a password with a setup link. */
export function registerSessionRoutes(app: FastifyInstance, deps: AuthDependencies): void {
  app.post<{ Body: { email: string; password: string } }>(
    "/api/v1/auth/login",
    {
      schema: {
        summary: "Sign in: sets the session cookie and returns the CSRF token",
        tags: ["auth"],
        body: {
          type: "object",
          additionalProperties: false,
          required: ["email", "password"],
          // Not the password rules of today: a password set under other rules must still work.
          properties: {
            email: { type: "string", maxLength: 254 },
            password: { type: "string", maxLength: 1024 },
          },
        },
      },
    },
    async (request, reply) => {
      const { user, secret } = await login(deps, { ...request.body, ip: request.ip });
      reply.header("set-cookie", sessionCookie(secret));
      return { user: { id: user.id, email: user.email, role: user.role }, csrfToken: csrfTokenOf(secret) };
    },
  );

  app.post(
    "/api/v1/auth/logout",
    { schema: { summary: "Sign out", tags: ["auth"] } },
    async (request, reply) => {
      const secret = sessionSecretOf(request);
      if (secret !== undefined) await deleteSession(deps.db, secret);
      reply.header("set-cookie", clearedSessionCookie());
      return reply.code(204).send();
    },
  );

  app.get(
    "/api/v1/auth/me",
    { schema: { summary: "Who you are, and your CSRF token", tags: ["auth"] } },
    async (request) => {
      const principal = authenticated(request);
      const owner = await deps.db
        .selectFrom("users")
        .select(["id", "email", "role"])
        .where("id", "=", principal.userId)
        .executeTakeFirstOrThrow();
      const secret = principal.kind === "user" ? sessionSecretOf(request) : undefined;
      return {
        principal,
        user: owner,
        ...(secret === undefined ? {} : { csrfToken: csrfTokenOf(secret) }),
      };
    },
  );

  app.post<{ Body: { token: string; password: string; email?: string } }>(
    "/api/v1/auth/setup",
    {
      schema: {
        summary: "Set a password with a one-time setup link",
        tags: ["auth"],
        body: {
          type: "object",
          additionalProperties: false,
          required: ["token", "password"],
          properties: { token: secretSchema, password: passwordSchema, email: emailSchema },
        },
      },
    },
    async (request) => ({ user: await completeSetup(deps, request.body) }),
  );
}
