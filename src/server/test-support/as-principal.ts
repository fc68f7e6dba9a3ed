import type { FastifyInstance } from "fastify";
import type { Principal } from "../auth/principal.js";
import { uuidv7 } from "../ids.js";

/**
 * Test-only stand-in for authentication (built elsewhere): every request of `app` acts as a
 * principal of `role`, optionally limited to some projects. Returns the principal, to change it
 * between requests (`principal.role = "viewer"`).
 */
export function asPrincipal(app: FastifyInstance, fields: Partial<Principal> = {}): Principal {
  const id = uuidv7();
  const principal: Principal = {
    kind: "user",
    id,
    actor: "ada@example.com",
    role: "maintainer",
    projectIds: null,
    userId: id,
    ...fields,
  };
  app.addHook("onRequest", async (request) => {
    request.principal = principal;
  });
  return principal;
}
