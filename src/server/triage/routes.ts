import type { FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import { ECOSYSTEM_IDS } from "../../core/ecosystems/ids.js";
import { adapterFor } from "../../core/ecosystems/index.js";
import type { Ecosystem } from "../../core/model/types.js";
import type { AdvisoryData } from "../app.js";
import { withAudit } from "../audit/audit-log.js";
import { authorize } from "../auth/authorize.js";
import type { Database, TriageDecisionsTable } from "../db/schema.js";
import { uuidv7 } from "../ids.js";
import { decodeCursor, PAGE_QUERY_PROPERTIES, type PageQuery, page } from "../pagination.js";
import { HttpProblem } from "../problem.js";
import { projectFor } from "../projects/project-lookup.js";
import { triageView } from "./decisions.js";

interface DecisionRequest {
  vulnerability: string;
  ecosystem: Ecosystem;
  package: string;
  versions?: string;
  state: TriageDecisionsTable["state"];
  justification?: string;
  acceptedUntil?: string;
  reason: string;
}

const JUSTIFICATIONS = [
  "component_not_present",
  "vulnerable_code_not_present",
  "vulnerable_code_not_in_execute_path",
  "vulnerable_code_cannot_be_controlled_by_adversary",
  "inline_mitigations_already_exist",
];

const DECISION_BODY = {
  type: "object",
  additionalProperties: false,
  required: ["vulnerability", "ecosystem", "package", "state", "reason"],
  properties: {
    vulnerability: { type: "string", minLength: 1, maxLength: 200, description: "any id of the alias group" },
    ecosystem: { enum: [...ECOSYSTEM_IDS] },
    package: { type: "string", minLength: 1, maxLength: 1024 },
    versions: {
      type: "string",
      minLength: 1,
      maxLength: 256,
      description: "a range in the ecosystem's syntax; absent: every version",
    },
    state: { enum: ["not_affected", "affected", "fixed", "under_investigation"] },
    justification: { enum: JUSTIFICATIONS, description: "required with not_affected (VEX justifications)" },
    acceptedUntil: {
      type: "string",
      format: "date-time",
      description: "accepted risk: with affected, out of the gate until then",
    },
    reason: { type: "string", minLength: 1, maxLength: 4000 },
  },
} as const;

/**
 * Triage: decisions in VEX terms on a project's findings, carried across its snapshots and
 * versions (see decisions.ts); made and revoked with `triage:write`, each audit-logged.
 */
export function registerTriageRoutes(
  app: FastifyInstance,
  deps: { db: Kysely<Database>; now(): Date; advisories: AdvisoryData },
): void {
  const { db } = deps;

  app.post<{ Params: { project: string }; Body: DecisionRequest }>(
    "/api/v1/projects/:project/triage",
    {
      schema: {
        summary: "Record a triage decision (VEX) on a vulnerability in a package",
        tags: ["triage"],
        body: DECISION_BODY,
      },
    },
    async (request, reply) => {
      const project = await projectFor(db, request, request.params.project, "triage:write");
      const principal = authorize(request, "triage:write", project.id);
      const body = request.body;
      const now = deps.now();
      checkConsistency(body, now);
      const adapter = adapterFor(body.ecosystem);
      if (body.versions !== undefined && !adapter.versioning.isValidRange(body.versions)) {
        throw new HttpProblem(400, `versions: not a ${adapter.versioning.name} range: ${body.versions}`);
      }
      const records = await deps.advisories.store.lookup(body.vulnerability);
      if (records.length === 0) {
        throw new HttpProblem(422, `no advisory has the id or alias ${body.vulnerability}`, {
          hint: "use an id a finding shows (or one of its aliases)",
        });
      }
      const matchIds = [
        ...new Set(records.flatMap((r) => [r.id, ...(r.aliases ?? [])]).map((id) => id.toUpperCase())),
      ].sort();
      const decision = await withAudit(db, async (trx, audit) => {
        const row = await trx
          .insertInto("triage_decisions")
          .values({
            id: uuidv7(now.getTime()),
            project_id: project.id,
            vulnerability: body.vulnerability,
            match_ids: matchIds,
            ecosystem: body.ecosystem,
            package: adapter.normaliseName(body.package),
            versions: body.versions ?? null,
            state: body.state,
            justification: body.justification ?? null,
            accepted_until: body.acceptedUntil ? new Date(body.acceptedUntil) : null,
            reason: body.reason,
            author: principal.actor,
            created_at: now,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        const view = triageView(row, now);
        await audit({
          actor: principal.actor,
          action: "triage.decide",
          subjectType: "project",
          subjectId: project.id,
          after: view,
        });
        return view;
      });
      return reply.code(201).send(decision);
    },
  );

  app.get<{ Params: { project: string }; Querystring: PageQuery & { revoked?: boolean } }>(
    "/api/v1/projects/:project/triage",
    {
      schema: {
        summary: "A project's triage decisions, newest first",
        tags: ["triage"],
        querystring: {
          type: "object",
          additionalProperties: false,
          properties: {
            ...PAGE_QUERY_PROPERTIES,
            revoked: { type: "boolean", description: "include revoked decisions" },
          },
        },
      },
    },
    async (request) => {
      const project = await projectFor(db, request, request.params.project, "project:read");
      const limit = request.query.limit ?? 50;
      let query = db
        .selectFrom("triage_decisions")
        .selectAll()
        .where("project_id", "=", project.id)
        .orderBy("id", "desc")
        .limit(limit + 1);
      if (!request.query.revoked) query = query.where("revoked_at", "is", null);
      if (request.query.cursor)
        query = query.where("id", "<", String(decodeCursor(request.query.cursor, 1)[0]));
      const result = page(await query.execute(), limit, (row) => [row.id]);
      const now = deps.now();
      return { items: result.items.map((row) => triageView(row, now)), nextCursor: result.nextCursor };
    },
  );

  app.delete<{ Params: { project: string; id: string } }>(
    "/api/v1/projects/:project/triage/:id",
    {
      schema: {
        summary: "Revoke a triage decision (it stays in the history)",
        tags: ["triage"],
        params: {
          type: "object",
          properties: { project: { type: "string" }, id: { type: "string", format: "uuid" } },
        },
      },
    },
    async (request, reply) => {
      const project = await projectFor(db, request, request.params.project, "triage:write");
      const principal = authorize(request, "triage:write", project.id);
      const now = deps.now();
      await withAudit(db, async (trx, audit) => {
        const row = await trx
          .updateTable("triage_decisions")
          .set({ revoked_at: now, revoked_by: principal.actor })
          .where("id", "=", request.params.id)
          .where("project_id", "=", project.id)
          .where("revoked_at", "is", null)
          .returningAll()
          .executeTakeFirst();
        if (!row) throw new HttpProblem(404, "no decision in force with this id in this project");
        await audit({
          actor: principal.actor,
          action: "triage.revoke",
          subjectType: "project",
          subjectId: project.id,
          before: { ...triageView(row, now), revokedAt: null },
          after: triageView(row, now),
        });
      });
      return reply.code(204).send();
    },
  );
}

/** What JSON Schema cannot say: which members go with which state. */
function checkConsistency(body: DecisionRequest, now: Date): void {
  if (body.state === "not_affected" && body.justification === undefined) {
    throw new HttpProblem(400, "not_affected needs a justification (why the vulnerability does not apply)");
  }
  if (body.state !== "not_affected" && body.justification !== undefined) {
    throw new HttpProblem(400, "a justification goes with not_affected only");
  }
  if (body.acceptedUntil !== undefined) {
    if (body.state !== "affected")
      throw new HttpProblem(400, "acceptedUntil (accepted risk) goes with affected only");
    if (new Date(body.acceptedUntil) <= now)
      throw new HttpProblem(400, "acceptedUntil must be in the future");
  }
}
