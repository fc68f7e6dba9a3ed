import type { FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import { withAudit } from "../audit/audit-log.js";
import { authorize } from "../auth/authorize.js";
import { idParams, uuidSchema } from "../auth/schemas.js";
import type { Database } from "../db/schema.js";
import { uuidv7 } from "../ids.js";
import { HttpProblem } from "../problem.js";
import { EVENT_KINDS, SEVERITIES } from "./events.js";
import { type CreateRuleRequest, listRules, resolveRuleTargets, ruleById } from "./rules.js";

const CREATE_RULE_SCHEMA = {
  type: "object",
  additionalProperties: false,
  required: ["name", "channelId", "events"],
  properties: {
    name: { type: "string", minLength: 1, maxLength: 100, pattern: "^[^\\u0000-\\u001f\\u007f]+$" },
    channelId: uuidSchema,
    team: { type: "string", minLength: 1, maxLength: 100 },
    project: { type: "string", minLength: 1, maxLength: 200 },
    events: { type: "array", minItems: 1, uniqueItems: true, items: { enum: [...EVENT_KINDS] } },
    minSeverity: { enum: [...SEVERITIES], default: "high" },
  },
} as const;

/** Notification rules: admins only (settings:manage), like the channels they send to. */
export function registerNotificationRuleRoutes(
  app: FastifyInstance,
  deps: { db: Kysely<Database>; now(): Date },
): void {
  const { db } = deps;

  app.post<{ Body: CreateRuleRequest }>(
    "/api/v1/notification-rules",
    {
      schema: {
        summary:
          "Create a rule: which events (at or above a severity) about a project, a team's projects or every project go to a channel",
        tags: ["notifications"],
        body: CREATE_RULE_SCHEMA,
      },
    },
    async (request, reply) => {
      const principal = authorize(request, "settings:manage");
      const body = request.body;
      const view = await withAudit(db, async (trx, audit) => {
        const targets = await resolveRuleTargets(trx, body);
        const created = await trx
          .insertInto("notification_rules")
          .values({
            id: uuidv7(deps.now().getTime()),
            name: body.name,
            channel_id: targets.channelId,
            team_id: targets.teamId,
            project_id: targets.projectId,
            events: body.events,
            min_severity: body.minSeverity ?? "high",
            enabled: true,
            created_at: deps.now(),
            created_by: principal.actor,
          })
          .onConflict((conflict) => conflict.column("name").doNothing())
          .returning("id")
          .executeTakeFirst();
        if (!created) throw new HttpProblem(409, `a rule named ${JSON.stringify(body.name)} exists already`);
        const after = await ruleById(trx, created.id);
        await audit({
          actor: principal.actor,
          action: "notification-rule.create",
          subjectType: "notification-rule",
          subjectId: created.id,
          after,
        });
        return after;
      });
      return reply.code(201).header("location", `/api/v1/notification-rules/${view.id}`).send(view);
    },
  );

  app.get(
    "/api/v1/notification-rules",
    { schema: { summary: "The notification rules, by name", tags: ["notifications"] } },
    async (request) => {
      authorize(request, "settings:manage");
      return { items: await listRules(db) };
    },
  );

  app.delete<{ Params: { id: string } }>(
    "/api/v1/notification-rules/:id",
    { schema: { summary: "Delete a notification rule", tags: ["notifications"], params: idParams() } },
    async (request, reply) => {
      const principal = authorize(request, "settings:manage");
      await withAudit(db, async (trx, audit) => {
        const before = await ruleById(trx, request.params.id);
        await trx.deleteFrom("notification_rules").where("id", "=", before.id).execute();
        await audit({
          actor: principal.actor,
          action: "notification-rule.delete",
          subjectType: "notification-rule",
          subjectId: before.id,
          before,
        });
      });
      return reply.code(204).send();
    },
  );
}
