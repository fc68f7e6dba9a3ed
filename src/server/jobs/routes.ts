import type { FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import { withAudit } from "../audit/audit-log.js";
import { authorize } from "../auth/authorize.js";
import type { Database } from "../db/schema.js";
import { DEFAULT_PAGE_SIZE, PAGE_QUERY_PROPERTIES, type PageQuery } from "../pagination.js";
import { HttpProblem } from "../problem.js";
import { STARTABLE_JOB_KINDS } from "./built-in-jobs.js";
import { listSchedules, saveSchedule } from "./schedule-store.js";
import type { JobQueue, JobStatus } from "./types.js";

export interface JobRouteDependencies {
  db: Kysely<Database>;
  jobs: JobQueue;
}

const STATUSES: JobStatus[] = ["queued", "running", "done", "failed"];

/** Jobs and schedules: admins only (jobs:manage). */
export function registerJobRoutes(app: FastifyInstance, deps: JobRouteDependencies): void {
  const { db, jobs } = deps;

  app.get<{ Querystring: PageQuery & { status?: JobStatus; kind?: string } }>(
    "/api/v1/jobs",
    {
      schema: {
        summary: "Background jobs, newest first: status, attempts, progress, result or reason",
        tags: ["jobs"],
        querystring: {
          type: "object",
          additionalProperties: false,
          properties: {
            ...PAGE_QUERY_PROPERTIES,
            status: { enum: STATUSES },
            kind: { type: "string", maxLength: 100 },
          },
        },
      },
    },
    async (request) => {
      authorize(request, "jobs:manage");
      const { limit = DEFAULT_PAGE_SIZE, cursor, status, kind } = request.query;
      return jobs.list({
        limit,
        ...(cursor ? { cursor } : {}),
        ...(status ? { status } : {}),
        ...(kind ? { kind } : {}),
      });
    },
  );

  app.get<{ Params: { id: string } }>(
    "/api/v1/jobs/:id",
    {
      schema: {
        summary: "One job",
        tags: ["jobs"],
        params: { type: "object", required: ["id"], properties: { id: { type: "string", maxLength: 200 } } },
      },
    },
    async (request) => {
      authorize(request, "jobs:manage");
      const job = await jobs.get(request.params.id);
      if (!job) throw new HttpProblem(404, `no job ${JSON.stringify(request.params.id)}`);
      return job;
    },
  );

  app.post<{ Body: { kind: string } }>(
    "/api/v1/jobs",
    {
      schema: {
        summary: "Run a job now (a built-in kind, as its schedule would)",
        tags: ["jobs"],
        body: {
          type: "object",
          additionalProperties: false,
          required: ["kind"],
          properties: { kind: { enum: [...STARTABLE_JOB_KINDS] } },
        },
      },
    },
    async (request, reply) => {
      const principal = authorize(request, "jobs:manage");
      const job = await jobs.enqueue(request.body.kind, null);
      await withAudit(db, (_trx, audit) =>
        audit({
          actor: principal.actor,
          action: "job.enqueue",
          subjectType: "job",
          subjectId: job.id,
          after: { kind: job.kind },
        }),
      );
      return reply
        .code(202)
        .header("location", `/api/v1/jobs/${encodeURIComponent(job.id)}`)
        .send(job);
    },
  );

  app.get(
    "/api/v1/schedules",
    { schema: { summary: "The installation's schedules, with each one's next run", tags: ["jobs"] } },
    async (request) => {
      authorize(request, "jobs:manage");
      return { items: await listSchedules(db) };
    },
  );

  app.patch<{ Params: { name: string }; Body: { cron?: string; timeZone?: string; enabled?: boolean } }>(
    "/api/v1/schedules/:name",
    {
      schema: {
        summary: "Change a schedule: its cron pattern, time zone, or whether it runs",
        tags: ["jobs"],
        params: {
          type: "object",
          required: ["name"],
          properties: { name: { type: "string", maxLength: 100 } },
        },
        body: {
          type: "object",
          additionalProperties: false,
          minProperties: 1,
          properties: {
            cron: { type: "string", minLength: 1, maxLength: 100 },
            timeZone: { type: "string", minLength: 1, maxLength: 64 },
            enabled: { type: "boolean" },
          },
        },
      },
    },
    async (request) => {
      const principal = authorize(request, "jobs:manage");
      return withAudit(db, async (trx, audit) => {
        const before = (await listSchedules(trx)).find((schedule) => schedule.name === request.params.name);
        if (!before) throw new HttpProblem(404, `no schedule named ${JSON.stringify(request.params.name)}`);
        const { nextRunAt: _next, ...current } = before;
        const after = await saveSchedule(trx, { ...current, ...request.body }, new Date());
        await audit({
          actor: principal.actor,
          action: "schedule.update",
          subjectType: "schedule",
          subjectId: before.name,
          before,
          after,
        });
        return after;
      });
    },
  );
}
