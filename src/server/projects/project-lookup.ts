import type { FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import { authorize } from "../auth/authorize.js";
import type { Permission } from "../auth/principal.js";
import type { Database } from "../db/schema.js";
import { HttpProblem } from "../problem.js";

export interface ProjectRow {
  id: string;
  name: string;
  default_branch: string;
  settings: unknown;
  team_id: string | null;
  /** The name of the team owning it. */
  team: string | null;
  created_at: Date;
}

/**
 * The project a route names, once the request may do `permission` on it: 404 when it does not
 * exist or lies outside the principal's projects (so names cannot be probed), 401/403 otherwise.
 * Authentication is checked before the lookup, so an anonymous request learns nothing either.
 */
export async function projectFor(
  db: Kysely<Database>,
  request: FastifyRequest,
  name: string,
  permission: Permission,
): Promise<ProjectRow> {
  authorize(request, permission);
  const project = await db
    .selectFrom("projects")
    .leftJoin("teams", "teams.id", "projects.team_id")
    .selectAll("projects")
    .select("teams.name as team")
    .where("projects.name", "=", name)
    .executeTakeFirst();
  const notFound = `no project named ${JSON.stringify(name)}`;
  if (!project) throw new HttpProblem(404, notFound);
  authorize(request, permission, project.id, { notFound });
  return project;
}
