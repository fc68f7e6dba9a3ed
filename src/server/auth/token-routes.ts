import type { FastifyInstance } from "fastify";
import { HttpProblem } from "../problem.js";
import { listTokens, mintToken, revokeToken, type TokenRequest } from "./api-tokens.js";
import { authenticated } from "./authorize.js";
import type { AuthDependencies } from "./dependencies.js";
import { can, type Principal, type Role } from "./principal.js";

/**
 * What a bearer token may do with its user's tokens, by its role: a token is no more than its
 * role, so a viewer token (read-only) may list them, and a CI token (which only pushes) may neither
 * list nor revoke them. A signed-in user manages their own tokens whatever their role.
 */
const TOKEN_ROLES_THAT_MAY = {
  list: new Set<Role>(["admin", "maintainer", "viewer"]),
  revoke: new Set<Role>(["admin", "maintainer"]),
};

function mayManageTokens(principal: Principal, action: "list" | "revoke"): void {
  if (principal.kind === "user" || TOKEN_ROLES_THAT_MAY[action].has(principal.role)) return;
  throw new HttpProblem(403, `a ${principal.role} token cannot ${action} API tokens`);
}

import { idParams, roleSchema, uuidSchema } from "./schemas.js";

/** Minting, listing and revoking API tokens. */
export function registerTokenRoutes(app: FastifyInstance, deps: AuthDependencies): void {
  app.post<{ Body: TokenRequest }>(
    "/api/v1/tokens",
    {
      schema: {
        summary: "Create an API token (its secret is shown once)",
        tags: ["tokens"],
        body: {
          type: "object",
          additionalProperties: false,
          required: ["name"],
          properties: {
            name: { type: "string", minLength: 1, maxLength: 100 },
            role: roleSchema,
            projectIds: { type: "array", items: uuidSchema, minItems: 1, maxItems: 1000 },
            expiresInDays: { type: "integer", minimum: 1, maximum: 3650 },
          },
        },
      },
    },
    async (request, reply) => {
      const principal = authenticated(request);
      // A token cannot mint tokens: a leaked one must not be able to make itself copies.
      if (principal.kind !== "user") throw new HttpProblem(403, "API tokens are minted by a signed-in user");
      const { token, secret } = await mintToken(deps, principal, request.body);
      return reply.code(201).send({ ...token, token: secret });
    },
  );

  app.get(
    "/api/v1/tokens",
    { schema: { summary: "Your API tokens (all, for an admin)", tags: ["tokens"] } },
    async (request) => {
      const principal = authenticated(request);
      mayManageTokens(principal, "list");
      return { items: await listTokens(deps.db, principal, can(principal, "users:manage")) };
    },
  );

  app.delete<{ Params: { id: string } }>(
    "/api/v1/tokens/:id",
    { schema: { summary: "Revoke an API token", tags: ["tokens"], params: idParams() } },
    async (request, reply) => {
      const principal = authenticated(request);
      mayManageTokens(principal, "revoke");
      await revokeToken(deps, principal, request.params.id, can(principal, "users:manage"));
      return reply.code(204).send();
    },
  );
}
