import type { FastifyInstance } from "fastify";
import { authorize } from "./authorize.js";
import type { AuthDependencies } from "./dependencies.js";
import type { Role } from "./principal.js";
import { emailSchema, idParams, passwordSchema, roleSchema, uuidSchema } from "./schemas.js";
import { createUser, listUsers, setupPath, updateUser } from "./users.js";

const DEFAULT_PAGE = 50;
const MAX_PAGE = 200;

/** Managing users: admins only (users:manage). */
export function registerUserRoutes(app: FastifyInstance, deps: AuthDependencies): void {
  app.post<{ Body: { email: string; role: Role; password?: string } }>(
    "/api/v1/users",
    {
      schema: {
        body: {
          type: "object",
          additionalProperties: false,
          required: ["email", "role"],
          properties: { email: emailSchema, role: roleSchema, password: passwordSchema },
        },
      },
    },
    async (request, reply) => {
      const principal = authorize(request, "users:manage");
      const { user, setupToken } = await createUser(deps, principal, request.body);
      return reply
        .code(201)
        .send(setupToken === undefined ? { user } : { user, setupToken, setupPath: setupPath(setupToken) });
    },
  );

  app.get<{ Querystring: { limit?: number; after?: string } }>(
    "/api/v1/users",
    {
      schema: {
        querystring: {
          type: "object",
          additionalProperties: false,
          properties: { limit: { type: "integer", minimum: 1, maximum: MAX_PAGE }, after: uuidSchema },
        },
      },
    },
    async (request) => {
      authorize(request, "users:manage");
      return listUsers(deps.db, request.query.limit ?? DEFAULT_PAGE, request.query.after);
    },
  );

  app.patch<{ Params: { id: string }; Body: { role?: Role; disabled?: boolean } }>(
    "/api/v1/users/:id",
    {
      schema: {
        params: idParams(),
        body: {
          type: "object",
          additionalProperties: false,
          minProperties: 1,
          properties: { role: roleSchema, disabled: { type: "boolean" } },
        },
      },
    },
    async (request) => {
      const principal = authorize(request, "users:manage");
      return { user: await updateUser(deps, principal, request.params.id, request.body) };
    },
  );
}
