import type { FastifyRequest } from "fastify";
import { HttpProblem } from "../problem.js";
import { can, type Permission, type Principal } from "./principal.js";

declare module "fastify" {
  interface FastifyRequest {
    /** Set by the authentication hook when the request carries a valid session or token. */
    principal?: Principal;
  }
}

/** The principal of a request, whatever it may do, or a 401 problem (not signed in, no token). */
export function authenticated(request: FastifyRequest): Principal {
  if (!request.principal)
    throw new HttpProblem(401, "sign in or send an API token (Authorization: Bearer …)");
  return request.principal;
}

/**
 * The principal of a request allowed to do `permission` (on `projectId`), or a 401 problem (not
 * signed in) or 403 (signed in, not allowed). With `notFound`, a principal scoped to other projects
 * gets that 404 detail instead, the same answer as for a project that does not exist, so a token
 * cannot probe which project names exist.
 */
export function authorize(
  request: FastifyRequest,
  permission: Permission,
  projectId?: string,
  options: { notFound?: string } = {},
): Principal {
  const principal = authenticated(request);
  if (can(principal, permission, projectId)) return principal;
  const outsideScope =
    projectId !== undefined && principal.projectIds !== null && !principal.projectIds.includes(projectId);
  if (options.notFound !== undefined && outsideScope) throw new HttpProblem(404, options.notFound);
  if (projectId === undefined && can({ ...principal, projectIds: null }, permission)) {
    throw new HttpProblem(403, `a token scoped to projects does not allow ${permission}`);
  }
  throw new HttpProblem(403, `your role (${principal.role}) does not allow ${permission}`);
}
