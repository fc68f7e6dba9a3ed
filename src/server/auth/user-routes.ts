import type { FastifyInstance } from "fastify";
import { DEFAULT_PAGE_SIZE, PAGE_QUERY_PROPERTIES, type PageQuery } from "../pagination.js";
import { authorize } from "./authorize.js";
import type { AuthDependencies } from "./dependencies.js";
import type { Role } from "./principal.js";
import { emailSchema, idParams, passwordSchema, roleSchema } from "./schemas.js";
import { createUser, listUsers, setupPath, updateUser } from "./users.js";

/** Managing users: admins only (users:manage). */
export function registerUserRoutes(app: FastifyInstance, deps: AuthDependencies): void {
  app.post<{ Body: { email: string; role: Role; password?: string } }>(
    "/api/v1/users",
    {
      schema: {
        summary: "Create a user, with a password or a setup link",
        tags: ["users"],
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

  app.get<{ Querystring: PageQuery }>(
    "/api/v1/users",
    {
      schema: {
        summary: "List users",
        tags: ["users"],
        querystring: {
          type: "object",
          additionalProperties: false,
          properties: PAGE_QUERY_PROPERTIES,
        },
      },
    },
    async (request) => {
      authorize(request, "users:manage");
      return listUsers(deps.db, request.query.limit ?? DEFAULT_PAGE_SIZE, request.query.cursor);
    },
  );

  app.patch<{ Params: { id: string }; Body: { role?: Role; disabled?: boolean } }>(
    "/api/v1/users/:id",
    {
      schema: {
        summary: "Change a user's role, or disable them",
        tags: ["users"],
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
