import type { FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import { authorize } from "../auth/authorize.js";
import type { Principal } from "../auth/principal.js";
import type { Database } from "../db/schema.js";
import { PAGE_QUERY_PROPERTIES } from "../pagination.js";
import { teamScope } from "../teams/teams.js";
import { type RemediationFilter, remediationReport } from "./remediation.js";
import { portfolioSummary } from "./summary.js";

export function registerPortfolioRoutes(
  app: FastifyInstance,
  deps: { db: Kysely<Database>; advisories: { updatedAt: string }; now(): Date },
): void {
  const teamQuery = { team: { type: "string", maxLength: 100 } } as const;

  app.get<{ Querystring: { team?: string } }>(
    "/api/v1/portfolio",
    {
      schema: {
        summary:
          "Every project you may read (or a team's) at a glance: verdicts, findings by severity, most exposed, most widespread",
        tags: ["portfolio"],
        querystring: { type: "object", additionalProperties: false, properties: teamQuery },
      },
    },
    async (request) =>
      portfolioSummary(
        deps.db,
        await forTeam(deps.db, authorize(request, "project:read"), request.query.team),
        deps.advisories.updatedAt,
      ),
  );

  app.get<{ Querystring: RemediationFilter & { team?: string } }>(
    "/api/v1/remediation",
    {
      schema: {
        summary:
          "Time to remediate on each project's default branch: problems fixed (first seen → fixed) per severity, and the age of those still open",
        tags: ["portfolio"],
        querystring: {
          type: "object",
          additionalProperties: false,
          properties: {
            ...PAGE_QUERY_PROPERTIES,
            ...teamQuery,
            project: { type: "string", maxLength: 200 },
            since: { type: "string", format: "date-time" },
            until: { type: "string", format: "date-time" },
          },
        },
      },
    },
    async (request) => {
      const { team, ...filter } = request.query;
      const principal = await forTeam(deps.db, authorize(request, "project:read"), team);
      return remediationReport(deps.db, principal, filter, deps.now());
    },
  );
}

/** The principal narrowed to a team's projects, for reads that cover "every project you may read". */
async function forTeam(
  db: Kysely<Database>,
  principal: Principal,
  team: string | undefined,
): Promise<Principal> {
  return team === undefined ? principal : { ...principal, projectIds: await teamScope(db, principal, team) };
}
