import type { FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import { authorize } from "../auth/authorize.js";
import type { Database } from "../db/schema.js";
import { portfolioSummary } from "./summary.js";

export function registerPortfolioRoutes(
  app: FastifyInstance,
  deps: { db: Kysely<Database>; advisories: { updatedAt: string } },
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
}
