import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import { ECOSYSTEM_IDS } from "../../core/ecosystems/ids.js";
import type { AppDependencies } from "../app.js";
import { authorize } from "../auth/authorize.js";
import type { Database } from "../db/schema.js";
import type { JobQueue } from "../jobs/types.js";
import { queuePushNotifications } from "../notifications/push-events.js";
import { DEFAULT_PAGE_SIZE, PAGE_QUERY_PROPERTIES, type PageQuery } from "../pagination.js";
import { HttpProblem } from "../problem.js";
import { projectFor } from "../projects/project-lookup.js";
import { activeTriage } from "../triage/decisions.js";
import { analyse } from "./analyse.js";
import { summaryOfRow } from "./finding-summary.js";
import { snapshotLicenses } from "./licenses.js";
import { portfolioFindings } from "./portfolio.js";
import { snapshotComponents, snapshotDiff, snapshotList } from "./queries.js";
import {
  notModified,
  projectSnapshot,
  snapshotEtag,
  snapshotReport,
  snapshotSummary,
  withTriage,
} from "./report.js";
import { projectPolicy } from "./settings.js";
import { storeSnapshot } from "./store-snapshot.js";
import { storedFindingRows } from "./stored-contents.js";
import {
  addUploadParser,
  CYCLONEDX_MEDIA_TYPE,
  DEFAULT_UPLOAD_LIMITS,
  FILES_MEDIA_TYPE,
  type RawUpload,
  readUpload,
  SPDX_MEDIA_TYPE,
  type UploadLimits,
} from "./upload.js";

export type { UploadLimits };

type ProjectParams = { project: string };
type SnapshotParams = { project: string; id: string };

/**
 * The snapshot API: push (upload, analyse, store), list, detail, components, findings, diff, and
 * the portfolio-wide finding search. Routes stay thin: parsing, analysis, storage and queries each
 * live in their own module.
 */
export function registerSnapshotRoutes(
  app: FastifyInstance,
  deps: AppDependencies & { jobs: JobQueue },
): void {
  const { db } = deps;
  const limits: UploadLimits = { ...DEFAULT_UPLOAD_LIMITS, ...deps.uploadLimits };

  // The push has a body parser of its own (media types, gzip, limits): a scope of its own.
  app.register(async (scope) => {
    addUploadParser(scope, limits);
    scope.post<{ Params: ProjectParams }>(
      "/api/v1/projects/:project/snapshots",
      {
        schema: {
          summary: "Push a snapshot (lockfiles or an SBOM) and get its verdict in the response",
          tags: ["snapshots"],
        },
        // Who may push is known before a byte of the body is read: no parsing for strangers.
        onRequest: async (request) => {
          authorize(request, "snapshot:push");
        },
      },
      async (request, reply) => {
        const principal = authorize(request, "snapshot:push");
        const project = await projectFor(db, request, request.params.project, "snapshot:push");
        // Without a Content-Type no parser ran: there is no body to read.
        if (request.body === undefined || request.body === null) {
          throw new HttpProblem(
            415,
            `send the lockfiles as ${FILES_MEDIA_TYPE}, or an SBOM as ${CYCLONEDX_MEDIA_TYPE} or ${SPDX_MEDIA_TYPE}`,
          );
        }
        const upload = readUpload(request.body as RawUpload, request.query, limits);
        const now = deps.now?.() ?? new Date();
        const triage = await activeTriage(db, project.id, now);
        const analysis = await analyse(
          upload,
          await projectPolicy(db, project.settings),
          deps.advisories,
          triage,
        );
        const { snapshotId, created } = await storeSnapshot(db, {
          project,
          upload,
          analysis,
          advisoryDataAt: deps.advisories.updatedAt,
          actor: principal.actor,
          now,
        });
        const row = await projectSnapshot(db, project.id, snapshotId);
        const report = await snapshotReport(db, row, project.name, triage);
        if (created) await queuePushNotifications(db, deps.jobs, project, report);
        return reply
          .code(created ? 201 : 200)
          .header("location", `/api/v1/projects/${encodeURIComponent(project.name)}/snapshots/${snapshotId}`)
          .send(report);
      },
    );
  });

  app.get<{ Params: ProjectParams; Querystring: PageQuery & { branch?: string } }>(
    "/api/v1/projects/:project/snapshots",
    {
      schema: {
        summary: "A project's snapshots, newest first",
        tags: ["snapshots"],
        querystring: querySchema({ ...PAGE_QUERY_PROPERTIES, branch: { type: "string", maxLength: 255 } }),
      },
    },
    async (request) => {
      const project = await readableProject(db, request);
      const { limit = DEFAULT_PAGE_SIZE, cursor, branch } = request.query;
      return snapshotList(db, project, { limit, cursor, branch });
    },
  );

  app.get<{ Params: SnapshotParams }>(
    "/api/v1/projects/:project/snapshots/:id",
    { schema: { summary: "A snapshot: its verdict, counts and files", tags: ["snapshots"] } },
    async (request, reply) => {
      const project = await readableProject(db, request);
      const row = await projectSnapshot(db, project.id, request.params.id);
      const triage = await activeTriage(db, project.id, deps.now?.() ?? new Date());
      const etag = snapshotEtag(row, `detail-1.${triage.fingerprint}`);
      if (cached(request, reply, etag)) return reply;
      const findings = withTriage((await storedFindingRows(db, row.id)).map(summaryOfRow), triage);
      const files = await db
        .selectFrom("snapshot_files as f")
        .innerJoin("blobs as b", "b.sha256", "f.blob_sha256")
        .select(["f.path", "f.blob_sha256", "b.size"])
        .where("f.snapshot_id", "=", row.id)
        .orderBy("f.path")
        .execute();
      return {
        ...snapshotSummary(row, project.name, findings),
        files: files.map((f) => ({ path: f.path, sha256: f.blob_sha256, size: Number(f.size) })),
      };
    },
  );

  app.get<{ Params: SnapshotParams; Querystring: ComponentQuery }>(
    "/api/v1/projects/:project/snapshots/:id/components",
    {
      schema: {
        summary: "A snapshot's components, filtered",
        tags: ["snapshots"],
        querystring: querySchema({
          ...PAGE_QUERY_PROPERTIES,
          ecosystem: { type: "string", maxLength: 64 },
          scope: { enum: ["prod", "optional", "peer", "dev"] },
          lockfile: { type: "string", maxLength: 1024 },
          q: { type: "string", maxLength: 200 },
        }),
      },
    },
    async (request) => {
      const project = await readableProject(db, request);
      const row = await projectSnapshot(db, project.id, request.params.id);
      return snapshotComponents(db, row.id, {
        ...request.query,
        limit: request.query.limit ?? DEFAULT_PAGE_SIZE,
      });
    },
  );

  app.get<{ Params: SnapshotParams }>(
    "/api/v1/projects/:project/snapshots/:id/findings",
    { schema: { summary: "A snapshot's findings, most severe first", tags: ["snapshots"] } },
    async (request, reply) => {
      const project = await readableProject(db, request);
      const row = await projectSnapshot(db, project.id, request.params.id);
      const triage = await activeTriage(db, project.id, deps.now?.() ?? new Date());
      const etag = snapshotEtag(row, `findings-1.${triage.fingerprint}`);
      if (cached(request, reply, etag)) return reply;
      return { items: withTriage((await storedFindingRows(db, row.id)).map(summaryOfRow), triage) };
    },
  );

  app.get<{ Params: SnapshotParams }>(
    "/api/v1/projects/:project/snapshots/:id/licenses",
    {
      schema: {
        summary: "A snapshot's licences judged by the project's licence policy, with a summary by licence",
        tags: ["snapshots"],
      },
    },
    async (request) => {
      const project = await readableProject(db, request);
      const row = await projectSnapshot(db, project.id, request.params.id);
      return snapshotLicenses(db, row.id, await projectPolicy(db, project.settings));
    },
  );

  app.get<{ Params: ProjectParams; Querystring: { from: string; to: string } }>(
    "/api/v1/projects/:project/diff",
    {
      schema: {
        summary: "What changed between two snapshots: packages, vulnerabilities, licences",
        tags: ["snapshots"],
        querystring: {
          ...querySchema({
            from: { type: "string", format: "uuid" },
            to: { type: "string", format: "uuid" },
          }),
          required: ["from", "to"],
        },
      },
    },
    async (request, reply) => {
      const project = await readableProject(db, request);
      const query = request.query;
      const [from, to] = await Promise.all([
        projectSnapshot(db, project.id, query.from),
        projectSnapshot(db, project.id, query.to),
      ]);
      // Both sides are immutable: the pair's validators name the diff.
      const etag = `"${snapshotEtag(from, "diff-1").slice(1, -1)}.${snapshotEtag(to, "diff-1").slice(1, -1)}"`;
      if (cached(request, reply, etag)) return reply;
      return snapshotDiff(db, project.name, from, to);
    },
  );

  app.get<{ Querystring: PortfolioQueryString }>(
    "/api/v1/findings",
    {
      schema: {
        summary: "Where a vulnerability (any alias) or package version is, across every project you may read",
        tags: ["findings"],
        querystring: {
          ...querySchema({
            vulnerability: { type: "string", minLength: 1, maxLength: 200 },
            package: { type: "string", minLength: 1, maxLength: 1024 },
            version: { type: "string", minLength: 1, maxLength: 256 },
            ecosystem: { enum: [...ECOSYSTEM_IDS] },
            latest: { type: "boolean", description: "only the latest snapshot of each project and branch" },
            limit: { type: "integer", minimum: 1, maximum: 1000, default: 200 },
          }),
          anyOf: [{ required: ["vulnerability"] }, { required: ["package"] }],
        },
      },
    },
    async (request) => {
      const principal = authorize(request, "project:read");
      const { latest, limit = 200, ...query } = request.query;
      return portfolioFindings(
        db,
        principal,
        { ...query, limit, latestOnly: latest === true },
        deps.now?.() ?? new Date(),
      );
    },
  );
}

/** The project of the URL, for a principal who may read it; others learn nothing of its existence. */
function readableProject(db: Kysely<Database>, request: FastifyRequest<{ Params: ProjectParams }>) {
  return projectFor(db, request, request.params.project, "project:read");
}

/** Sets the ETag; true (with a 304 sent) when the client's copy is current. */
function cached(request: FastifyRequest, reply: FastifyReply, etag: string): boolean {
  reply.header("etag", etag);
  if (!notModified(request.headers["if-none-match"], etag)) return false;
  reply.code(304).send();
  return true;
}

/** A query-string schema: only the members listed, so a misspelt filter is a 400, not ignored. */
function querySchema(properties: Record<string, object>) {
  return { type: "object", additionalProperties: false, properties } as const;
}

interface ComponentQuery extends PageQuery {
  ecosystem?: string;
  scope?: "prod" | "optional" | "peer" | "dev";
  lockfile?: string;
  q?: string;
}

interface PortfolioQueryString {
  vulnerability?: string;
  package?: string;
  version?: string;
  ecosystem?: string;
  latest?: boolean;
  limit?: number;
}
