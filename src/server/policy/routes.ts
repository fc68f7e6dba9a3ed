import type { FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import { withAudit } from "../audit/audit-log.js";
import { authenticated, authorize } from "../auth/authorize.js";
import type { Database } from "../db/schema.js";
import { globalPolicyLayer, layeredPolicy, type PolicyLayer } from "../snapshots/settings.js";
import { POLICY_SCHEMA } from "./schema.js";

/**
 * The installation's policy: the defaults every project's policy starts from. Anyone signed in
 * reads it (it explains their projects' verdicts); admins change it, member by member.
 */
export function registerPolicyRoutes(
  app: FastifyInstance,
  deps: { db: Kysely<Database>; now(): Date },
): void {
  const { db } = deps;
  const view = (layer: PolicyLayer) => ({ policy: layeredPolicy(layer), ownPolicy: layer });

  app.get(
    "/api/v1/policy",
    { schema: { summary: "The installation's policy: the defaults of every project's", tags: ["policy"] } },
    async (request) => {
      authenticated(request);
      return view(await globalPolicyLayer(db));
    },
  );

  app.patch<{ Body: PolicyLayer }>(
    "/api/v1/policy",
    {
      schema: {
        summary: "Change the installation's policy (members not given keep their value)",
        tags: ["policy"],
        body: { ...POLICY_SCHEMA, minProperties: 1 },
      },
    },
    async (request) => {
      const principal = authorize(request, "settings:manage");
      return withAudit(db, async (trx, audit) => {
        const before = await globalPolicyLayer(trx);
        const after: PolicyLayer = {
          ...before,
          ...request.body,
          ...(request.body.licenses || before.licenses
            ? { licenses: { ...before.licenses, ...request.body.licenses } }
            : {}),
        };
        const now = deps.now();
        await trx
          .insertInto("server_settings")
          .values({
            key: "policy",
            value: JSON.stringify(after),
            updated_at: now,
            updated_by: principal.actor,
          })
          .onConflict((conflict) =>
            conflict
              .column("key")
              .doUpdateSet({ value: JSON.stringify(after), updated_at: now, updated_by: principal.actor }),
          )
          .execute();
        await audit({
          actor: principal.actor,
          action: "policy.update",
          subjectType: "installation",
          before,
          after,
        });
        return view(after);
      });
    },
  );
}
