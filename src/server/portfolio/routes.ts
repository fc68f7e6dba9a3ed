import type { FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import { authorize } from "../auth/authorize.js";
import type { Database } from "../db/schema.js";
import { PAGE_QUERY_PROPERTIES } from "../pagination.js";
import { type RemediationFilter, remediationReport } from "./remediation.js";
import { portfolioSummary } from "./summary.js";

export function registerPortfolioRoutes(
  app: FastifyInstance,
  deps: { db: Kysely<Database>; advisories: { updatedAt: string }; now(): Date },
): void {
  app.get(
    "/api/v1/portfolio",
    {
      schema: {
        summary:
          "Every project you may read at a glance: verdicts, findings by severity, most exposed, most widespread",
        tags: ["portfolio"],
      },
    },
    async (request) =>
      portfolioSummary(deps.db, authorize(request, "project:read"), deps.advisories.updatedAt),
  );

  app.get<{ Querystring: RemediationFilter }>(
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
            project: { type: "string", maxLength: 200 },
            since: { type: "string", format: "date-time" },
            until: { type: "string", format: "date-time" },
          },
        },
      },
    },
    async (request) =>
      remediationReport(deps.db, authorize(request, "project:read"), request.query, deps.now()),
  );
}
