import type { FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import { withAudit } from "../audit/audit-log.js";
import { authorize } from "../auth/authorize.js";
import { uuidSchema } from "../auth/schemas.js";
import type { Database } from "../db/schema.js";
import { uuidv7 } from "../ids.js";
import { DEFAULT_PAGE_SIZE, PAGE_QUERY_PROPERTIES, type PageQuery } from "../pagination.js";
import { HttpProblem } from "../problem.js";
import { listTeams, TEAM_NAME, teamDetail, teamView, visibleTeam } from "./teams.js";

export interface TeamRouteDependencies {
  db: Kysely<Database>;
  now(): Date;
}

const TEAM_PARAMS = {
  type: "object",
  required: ["team"],
  properties: { team: { type: "string", minLength: 1, maxLength: 100 } },
} as const;
const NAME_BODY = {
  type: "object",
  additionalProperties: false,
  required: ["name"],
  properties: { name: { type: "string", pattern: TEAM_NAME } },
} as const;

/** Teams: everyone who reads projects sees them; admins (teams:manage) change them. */
export function registerTeamRoutes(app: FastifyInstance, deps: TeamRouteDependencies): void {
  const { db } = deps;

  app.get<{ Querystring: PageQuery }>(
    "/api/v1/teams",
    {
      schema: {
        summary: "List teams, by name, with their member and project counts",
        tags: ["teams"],
        querystring: { type: "object", additionalProperties: false, properties: PAGE_QUERY_PROPERTIES },
      },
    },
    async (request) =>
      listTeams(
        db,
        authorize(request, "project:read"),
        request.query.limit ?? DEFAULT_PAGE_SIZE,
        request.query.cursor,
      ),
  );

  app.post<{ Body: { name: string } }>(
    "/api/v1/teams",
    { schema: { summary: "Create a team", tags: ["teams"], body: NAME_BODY } },
    async (request, reply) => {
      const principal = authorize(request, "teams:manage");
      const view = await withAudit(db, async (trx, audit) => {
        const created = await trx
          .insertInto("teams")
          .values({ id: uuidv7(deps.now().getTime()), name: request.body.name, created_at: deps.now() })
          .onConflict((conflict) => conflict.column("name").doNothing())
          .returningAll()
          .executeTakeFirst();
        if (!created)
          throw new HttpProblem(409, `a team named ${JSON.stringify(request.body.name)} exists already`);
        const after = teamView(created);
        await audit({
          actor: principal.actor,
          action: "team.create",
          subjectType: "team",
          subjectId: created.id,
          after,
        });
        return after;
      });
      return reply
        .code(201)
        .header("location", `/api/v1/teams/${encodeURIComponent(view.name)}`)
        .send(view);
    },
  );

  app.get<{ Params: { team: string } }>(
    "/api/v1/teams/:team",
    { schema: { summary: "A team: its members and projects", tags: ["teams"], params: TEAM_PARAMS } },
    async (request) => {
      const principal = authorize(request, "project:read");
      return teamDetail(db, principal, await visibleTeam(db, principal, request.params.team));
    },
  );

  app.patch<{ Params: { team: string }; Body: { name: string } }>(
    "/api/v1/teams/:team",
    { schema: { summary: "Rename a team", tags: ["teams"], params: TEAM_PARAMS, body: NAME_BODY } },
    async (request) => {
      const principal = authorize(request, "teams:manage");
      const team = await visibleTeam(db, principal, request.params.team);
      return withAudit(db, async (trx, audit) => {
        const clash = await trx
          .selectFrom("teams")
          .select("id")
          .where("name", "=", request.body.name)
          .where("id", "!=", team.id)
          .executeTakeFirst();
        if (clash)
          throw new HttpProblem(409, `a team named ${JSON.stringify(request.body.name)} exists already`);
        const updated = await trx
          .updateTable("teams")
          .set({ name: request.body.name })
          .where("id", "=", team.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        const after = teamView(updated);
        await audit({
          actor: principal.actor,
          action: "team.update",
          subjectType: "team",
          subjectId: team.id,
          before: teamView(team),
          after,
        });
        return after;
      });
    },
  );

  app.delete<{ Params: { team: string } }>(
    "/api/v1/teams/:team",
    {
      schema: {
        summary: "Delete a team (its projects stay, without a team)",
        tags: ["teams"],
        params: TEAM_PARAMS,
      },
    },
    async (request, reply) => {
      const principal = authorize(request, "teams:manage");
      const team = await visibleTeam(db, principal, request.params.team);
      await withAudit(db, async (trx, audit) => {
        const before = await teamDetail(trx, principal, team);
        await trx.deleteFrom("teams").where("id", "=", team.id).execute();
        await audit({
          actor: principal.actor,
          action: "team.delete",
          subjectType: "team",
          subjectId: team.id,
          before,
        });
      });
      return reply.code(204).send();
    },
  );

  const memberParams = {
    type: "object",
    required: ["team", "userId"],
    properties: { ...TEAM_PARAMS.properties, userId: uuidSchema },
  } as const;

  app.put<{ Params: { team: string; userId: string } }>(
    "/api/v1/teams/:team/members/:userId",
    { schema: { summary: "Add a user to a team", tags: ["teams"], params: memberParams } },
    async (request, reply) => {
      const principal = authorize(request, "teams:manage");
      const team = await visibleTeam(db, principal, request.params.team);
      const user = await db
        .selectFrom("users")
        .select(["id", "email"])
        .where("id", "=", request.params.userId)
        .executeTakeFirst();
      if (!user) throw new HttpProblem(404, `no user with id ${request.params.userId}`);
      const added = await withAudit(db, async (trx, audit) => {
        const row = await trx
          .insertInto("team_members")
          .values({ team_id: team.id, user_id: user.id, added_at: deps.now() })
          .onConflict((conflict) => conflict.columns(["team_id", "user_id"]).doNothing())
          .returning("user_id")
          .executeTakeFirst();
        // Adding a member twice changes nothing and writes no entry.
        if (row)
          await audit({
            actor: principal.actor,
            action: "team.member.add",
            subjectType: "team",
            subjectId: team.id,
            after: { team: team.name, userId: user.id, email: user.email },
          });
        return row !== undefined;
      });
      return reply.code(added ? 201 : 200).send(await teamDetail(db, principal, team));
    },
  );

  app.delete<{ Params: { team: string; userId: string } }>(
    "/api/v1/teams/:team/members/:userId",
    { schema: { summary: "Remove a user from a team", tags: ["teams"], params: memberParams } },
    async (request, reply) => {
      const principal = authorize(request, "teams:manage");
      const team = await visibleTeam(db, principal, request.params.team);
      await withAudit(db, async (trx, audit) => {
        const removed = await trx
          .deleteFrom("team_members")
          .where("team_id", "=", team.id)
          .where("user_id", "=", request.params.userId)
          .returning("user_id")
          .executeTakeFirst();
        if (!removed) throw new HttpProblem(404, `that user is not a member of ${JSON.stringify(team.name)}`);
        await audit({
          actor: principal.actor,
          action: "team.member.remove",
          subjectType: "team",
          subjectId: team.id,
          before: { team: team.name, userId: request.params.userId },
        });
      });
      return reply.code(204).send();
    },
  );
}
