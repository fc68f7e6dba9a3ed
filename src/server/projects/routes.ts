import type { FastifyInstance } from "fastify";
import { type Kysely, sql } from "kysely";
import { withAudit } from "../audit/audit-log.js";
import { authorize } from "../auth/authorize.js";
import { isoTime } from "../db/iso-time.js";
import type { Database } from "../db/schema.js";
import { uuidv7 } from "../ids.js";
import { decodeCursor, PAGE_QUERY_PROPERTIES, type PageQuery, page } from "../pagination.js";
import { POLICY_SCHEMA } from "../policy/schema.js";
import { LATEST_SNAPSHOT_ORDER } from "../portfolio/latest-snapshots.js";
import { HttpProblem } from "../problem.js";
import { globalPolicyLayer, layeredPolicy, type PolicyLayer, policyLayer } from "../snapshots/settings.js";
import { visibleTeam } from "../teams/teams.js";
import { type ProjectRow, projectFor } from "./project-lookup.js";

export interface ProjectRouteDependencies {
  db: Kysely<Database>;
  now(): Date;
}

/**
 * Names as teams write them, including `owner/repo`: letters, digits, `.`, `_`, `-` and `/`, not
 * starting or ending with a separator. A slash travels URL-encoded (`acme%2Fweb`) in paths.
 */
const PROJECT_NAME = "^[A-Za-z0-9](?:[A-Za-z0-9._/-]{0,198}[A-Za-z0-9])?$";
const BRANCH = {
  type: "string",
  minLength: 1,
  maxLength: 255,
  pattern: "^[^\\u0000-\\u001f\\u007f]+$",
} as const;

/** A project as the API shows it (the list's query gives `created_at` already formatted). */
function projectView(
  project: Pick<ProjectRow, "id" | "name" | "default_branch" | "team"> & { created_at: Date | string },
) {
  return {
    id: project.id,
    name: project.name,
    defaultBranch: project.default_branch,
    team: project.team,
    createdAt: typeof project.created_at === "string" ? project.created_at : project.created_at.toISOString(),
  };
}

/**
 * A project with its policy: `policy` is what its pushes are judged by (its own members over the
 * installation's over the built-in defaults), `ownPolicy` the members set on the project itself.
 */
function projectDetail(project: ProjectRow, installation: PolicyLayer) {
  const own = policyLayer(project.settings, "the project's");
  return { ...projectView(project), policy: layeredPolicy(installation, own), ownPolicy: own };
}

export function registerProjectRoutes(app: FastifyInstance, deps: ProjectRouteDependencies): void {
  const { db } = deps;

  app.post<{ Body: { name: string; defaultBranch?: string } }>(
    "/api/v1/projects",
    {
      schema: {
        summary: "Create a project",
        tags: ["projects"],
        body: {
          type: "object",
          required: ["name"],
          additionalProperties: false,
          properties: { name: { type: "string", pattern: PROJECT_NAME }, defaultBranch: BRANCH },
        },
      },
    },
    async (request, reply) => {
      const principal = authorize(request, "project:create");
      const { name, defaultBranch = "main" } = request.body;
      const project = await withAudit(db, async (trx, audit) => {
        const created = await trx
          .insertInto("projects")
          .values({
            id: uuidv7(deps.now().getTime()),
            name,
            default_branch: defaultBranch,
            created_at: deps.now(),
          })
          .onConflict((conflict) => conflict.column("name").doNothing())
          .returningAll()
          .executeTakeFirst();
        if (!created) throw new HttpProblem(409, `a project named ${JSON.stringify(name)} exists already`);
        const view = projectDetail({ ...created, team: null }, await globalPolicyLayer(trx));
        await audit({
          actor: principal.actor,
          action: "project.create",
          subjectType: "project",
          subjectId: created.id,
          after: view,
        });
        return view;
      });
      return reply
        .code(201)
        .header("location", `/api/v1/projects/${encodeURIComponent(name)}`)
        .send(project);
    },
  );

  app.get<{ Querystring: PageQuery & { q?: string; team?: string } }>(
    "/api/v1/projects",
    {
      schema: {
        summary: "List the projects you may read, by name",
        tags: ["projects"],
        querystring: {
          type: "object",
          additionalProperties: false,
          properties: {
            ...PAGE_QUERY_PROPERTIES,
            q: { type: "string", maxLength: 200 },
            team: { type: "string", maxLength: 100 },
          },
        },
      },
    },
    async (request) => {
      const principal = authorize(request, "project:read");
      const limit = request.query.limit ?? 50;
      // The page and each project's latest snapshot in one query (a lateral join, run for the
      // page's rows only): the list is the most requested page, and each round trip costs more
      // than the lookup itself.
      let query = db
        .selectFrom("projects as p")
        .leftJoinLateral(
          (eb) =>
            eb
              .selectFrom("snapshots as s")
              .select([
                "s.id",
                "s.branch",
                "s.created_at",
                "s.verdict",
                "s.component_count",
                "s.finding_count",
                sql<Record<string, number> | null>`s.analysis -> 'counts' -> 'bySeverity'`.as("by_severity"),
              ])
              .whereRef("s.project_id", "=", "p.id")
              .orderBy(LATEST_SNAPSHOT_ORDER)
              .orderBy("s.created_at", "desc")
              .limit(1)
              .as("l"),
          (join) => join.onTrue(),
        )
        .leftJoin("teams as t", "t.id", "p.team_id")
        // Times formatted by PostgreSQL: parsing 100 timestamps into Dates to print them again
        // was a sixth of this route's CPU time.
        .select([
          "p.id",
          "p.name",
          "p.default_branch",
          isoTime("p.created_at").as("created_at"),
          "t.name as team",
          "l.id as latest_id",
          "l.branch as latest_branch",
          isoTime("l.created_at").as("latest_created_at"),
          "l.verdict as latest_verdict",
          "l.component_count as latest_components",
          "l.finding_count as latest_findings",
          "l.by_severity as latest_by_severity",
        ])
        .orderBy("p.name")
        .limit(limit + 1);
      if (principal.projectIds !== null) {
        if (principal.projectIds.length === 0) return { items: [], nextCursor: null };
        query = query.where("p.id", "in", principal.projectIds);
      }
      if (request.query.q) query = query.where("p.name", "ilike", `%${escapeLike(request.query.q)}%`);
      if (request.query.team !== undefined) {
        const team = await visibleTeam(db, principal, request.query.team);
        query = query.where("p.team_id", "=", team.id);
      }
      if (request.query.cursor) {
        const [after] = decodeCursor(request.query.cursor, 1);
        query = query.where("p.name", ">", String(after));
      }
      const rows = await query.execute();
      const result = page(rows, limit, (row) => [row.name]);
      return {
        items: result.items.map((row) => ({
          ...projectView(row),
          latestSnapshot:
            row.latest_id === null
              ? null
              : {
                  id: row.latest_id,
                  branch: row.latest_branch,
                  createdAt: row.latest_created_at as string,
                  verdict: row.latest_verdict,
                  components: row.latest_components as number,
                  findings: row.latest_findings as number,
                  bySeverity: row.latest_by_severity ?? {},
                },
        })),
        nextCursor: result.nextCursor,
      };
    },
  );

  app.get<{ Params: { project: string } }>(
    "/api/v1/projects/:project",
    { schema: { summary: "A project", tags: ["projects"] } },
    async (request) => {
      const project = await projectFor(db, request, request.params.project, "project:read");
      return projectDetail(project, await globalPolicyLayer(db));
    },
  );

  app.patch<{
    Params: { project: string };
    Body: { defaultBranch?: string; policy?: PolicyLayer; team?: string | null };
  }>(
    "/api/v1/projects/:project",
    {
      schema: {
        summary:
          "Change a project's default branch, team (null for none) or policy (failOn, unknownSeverity, licences)",
        tags: ["projects"],
        body: {
          type: "object",
          additionalProperties: false,
          minProperties: 1,
          properties: {
            defaultBranch: BRANCH,
            policy: POLICY_SCHEMA,
            team: { type: ["string", "null"], minLength: 1, maxLength: 100 },
          },
        },
      },
    },
    async (request) => {
      const project = await projectFor(db, request, request.params.project, "project:write");
      const principal = authorize(request, "project:write", project.id);
      return withAudit(db, async (trx, audit) => {
        const { defaultBranch, policy, team } = request.body;
        const teamId =
          team === undefined ? project.team_id : team === null ? null : await teamIdOf(trx, team);
        // Only the members given are set on the project; the others keep following the installation.
        const own = policyLayer(project.settings, "the project's");
        const settings = {
          ...(project.settings as object),
          ...policy,
          ...(policy?.licenses || own.licenses ? { licenses: { ...own.licenses, ...policy?.licenses } } : {}),
        };
        const updated = await trx
          .updateTable("projects")
          .set({
            default_branch: defaultBranch ?? project.default_branch,
            settings: JSON.stringify(settings),
            team_id: teamId,
          })
          .where("id", "=", project.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        const installation = await globalPolicyLayer(trx);
        const [before, after] = [
          projectDetail(project, installation),
          projectDetail({ ...updated, team: team === undefined ? project.team : team }, installation),
        ];
        await audit({
          actor: principal.actor,
          action: "project.update",
          subjectType: "project",
          subjectId: project.id,
          before,
          after,
        });
        return after;
      });
    },
  );
}

/** A team's id by name, for assigning a project to it; an unknown name is the request's fault. */
async function teamIdOf(db: Kysely<Database>, name: string): Promise<string> {
  const team = await db.selectFrom("teams").select("id").where("name", "=", name).executeTakeFirst();
  if (!team) throw new HttpProblem(422, `no team named ${JSON.stringify(name)}`);
  return team.id;
}

/** `q` matches literally: `%` and `_` in a search are characters, not wildcards. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
