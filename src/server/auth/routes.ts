import type { FastifyInstance } from "fastify";
import type { AuthDependencies } from "./dependencies.js";
import { registerSessionRoutes } from "./session-routes.js";
import { registerTokenRoutes } from "./token-routes.js";
import { registerUserRoutes } from "./user-routes.js";

/** The routes of /api/v1/auth, /api/v1/tokens and /api/v1/users. */
export function registerAuthRoutes(app: FastifyInstance, deps: AuthDependencies): void {
  registerSessionRoutes(app, deps);
  registerTokenRoutes(app, deps);
  registerUserRoutes(app, deps);
}
