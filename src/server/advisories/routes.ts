import type { FastifyInstance } from "fastify";
import { authorize } from "../auth/authorize.js";
import { advisoryFreshness } from "./freshness.js";

export function registerAdvisoryDataRoutes(
  app: FastifyInstance,
  deps: {
    advisories: { updatedAt: string; coveredEcosystems: ReadonlySet<string> };
    staleAfterHours: number;
    now(): Date;
  },
): void {
  app.get(
    "/api/v1/advisory-data",
    {
      schema: {
        summary:
          "The advisory data verdicts are made with: when it was updated, how old it is, whether it is stale",
        tags: ["advisories"],
      },
    },
    async (request) => {
      authorize(request, "project:read");
      return {
        ...advisoryFreshness(deps.advisories.updatedAt, deps.now(), deps.staleAfterHours),
        ecosystems: [...deps.advisories.coveredEcosystems].sort(),
      };
    },
  );
}
