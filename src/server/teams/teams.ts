import { type Kysely, sql } from "kysely";
import type { Principal } from "../auth/principal.js";
import type { Database } from "../db/schema.js";
import { decodeCursor, page } from "../pagination.js";
import { projectScope } from "../portfolio/latest-snapshots.js";
import { HttpProblem } from "../problem.js";

/** Names as people write them ("Platform", "web-frontend", "Team Payments"). */
export const TEAM_NAME = "^[A-Za-z0-9](?:[A-Za-z0-9 ._-]{0,98}[A-Za-z0-9])?$";

export interface TeamRow {
  id: string;
  name: string;
  created_at: Date;
}

/**
 * The team a route names, if the principal may see it: every team for principals over every
 * project; for one scoped to projects, only teams owning one of them (others answer 404, as a
 * project outside the scope does).
 */
export async function visibleTeam(
  db: Kysely<Database>,
  principal: Principal,
  name: string,
): Promise<TeamRow> {
  const team = await db.selectFrom("teams").selectAll().where("name", "=", name).executeTakeFirst();
  if (team && (await mayTell(db, principal, team.id))) return team;
  throw new HttpProblem(404, `no team named ${JSON.stringify(name)}`);
}

async function mayTell(db: Kysely<Database>, principal: Principal, teamId: string): Promise<boolean> {
  if (principal.projectIds === null) return true;
  if (principal.projectIds.length === 0) return false;
  const owned = await db
    .selectFrom("projects")
    .select("id")
    .where("team_id", "=", teamId)
    .where("id", "in", [...principal.projectIds])
    .limit(1)
    .executeTakeFirst();
  return owned !== undefined;
}

/** A page of the teams the principal may see, by name, with their member and project counts. */
export async function listTeams(db: Kysely<Database>, principal: Principal, limit: number, cursor?: string) {
  if (principal.projectIds !== null && principal.projectIds.length === 0)
    return { items: [], nextCursor: null };
  const scoped = principal.projectIds;
  const inScope = projectScope(scoped);
  let query = db
    .selectFrom("teams as t")
    .select([
      "t.id",
      "t.name",
      "t.created_at",
      sql<string>`(select count(*) from team_members m where m.team_id = t.id)`.as("members"),
      sql<string>`(select count(*) from projects p where p.team_id = t.id and ${inScope})`.as("projects"),
    ])
    .orderBy("t.name")
    .limit(limit + 1);
  if (scoped !== null)
    query = query.where(
      sql<boolean>`exists (select 1 from projects p where p.team_id = t.id and ${inScope})`,
    );
  if (cursor) query = query.where("t.name", ">", String(decodeCursor(cursor, 1)[0]));
  const result = page(await query.execute(), limit, (row) => [row.name]);
  return {
    items: result.items.map((row) => ({
      ...teamView(row),
      members: Number(row.members),
      projects: Number(row.projects),
    })),
    nextCursor: result.nextCursor,
  };
}

/** A team with its members and the projects the principal may see. */
export async function teamDetail(db: Kysely<Database>, principal: Principal, team: TeamRow) {
  const [members, projects] = await Promise.all([
    db
      .selectFrom("team_members as m")
      .innerJoin("users as u", "u.id", "m.user_id")
      .select(["u.id", "u.email", "u.role", "m.added_at"])
      .where("m.team_id", "=", team.id)
      .orderBy("u.email")
      .execute(),
    projectsOf(db, principal, team.id),
  ]);
  return {
    ...teamView(team),
    members: members.map((m) => ({
      userId: m.id,
      email: m.email,
      role: m.role,
      addedAt: m.added_at.toISOString(),
    })),
    projects,
  };
}

async function projectsOf(db: Kysely<Database>, principal: Principal, teamId: string): Promise<string[]> {
  let query = db.selectFrom("projects").select("name").where("team_id", "=", teamId).orderBy("name");
  if (principal.projectIds !== null) query = query.where("id", "in", [...principal.projectIds]);
  return (await query.execute()).map((row) => row.name);
}

export function teamView(team: TeamRow) {
  return { id: team.id, name: team.name, createdAt: team.created_at.toISOString() };
}

/**
 * The ids of a team's projects the principal may read, for reads over "every project you may read"
 * narrowed to a team (an unknown or invisible team is a 404, not an empty portfolio).
 */
export async function teamScope(db: Kysely<Database>, principal: Principal, team: string): Promise<string[]> {
  const row = await visibleTeam(db, principal, team);
  let query = db.selectFrom("projects").select("id").where("team_id", "=", row.id);
  if (principal.projectIds !== null) query = query.where("id", "in", [...principal.projectIds]);
  return (await query.execute()).map((project) => project.id);
}
