import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import * as z from "zod";
import type { AppDependencies } from "../app.js";
import { authorize } from "../auth/authorize.js";
import type { Database } from "../db/schema.js";
import { HttpProblem } from "../problem.js";
import { analyse } from "./analyse.js";
import { summaryOfRow } from "./finding-summary.js";
import { portfolioFindings } from "./portfolio.js";
import { snapshotComponents, snapshotDiff, snapshotList } from "./queries.js";
import { notModified, projectSnapshot, snapshotEtag, snapshotReport, snapshotSummary } from "./report.js";
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
export function registerSnapshotRoutes(app: FastifyInstance, deps: AppDependencies): void {
  const { db } = deps;
  const limits: UploadLimits = { ...DEFAULT_UPLOAD_LIMITS, ...deps.uploadLimits };

  // The push has a body parser of its own (media types, gzip, limits): a scope of its own.
  app.register(async (scope) => {
    addUploadParser(scope, limits);
    scope.post<{ Params: ProjectParams }>(
      "/api/v1/projects/:project/snapshots",
      {
        // Who may push is known before a byte of the body is read: no parsing for strangers.
        onRequest: async (request) => {
          authorize(request, "snapshot:push");
        },
      },
      async (request, reply) => {
        const principal = authorize(request, "snapshot:push");
        const project = await findProject(db, request.params.project);
        authorize(request, "snapshot:push", project.id, { hideExistence: true });
        // Without a Content-Type no parser ran: there is no body to read.
        if (request.body === undefined || request.body === null) {
          throw new HttpProblem(
            415,
            `send the lockfiles as ${FILES_MEDIA_TYPE}, or an SBOM as ${CYCLONEDX_MEDIA_TYPE} or ${SPDX_MEDIA_TYPE}`,
          );
        }
        const upload = readUpload(request.body as RawUpload, request.query, limits);
        const analysis = await analyse(upload, projectPolicy(project.settings), deps.advisories);
        const { snapshotId, created } = await storeSnapshot(db, {
          project,
          upload,
          analysis,
          advisoryDataAt: deps.advisories.updatedAt,
          actor: principal.actor,
        });
        const row = await projectSnapshot(db, project.id, snapshotId);
        return reply
          .code(created ? 201 : 200)
          .header("location", `/api/v1/projects/${encodeURIComponent(project.name)}/snapshots/${snapshotId}`)
          .send(await snapshotReport(db, row, project.name));
      },
    );
  });

  app.get<{ Params: ProjectParams }>("/api/v1/projects/:project/snapshots", async (request) => {
    const project = await readableProject(db, request);
    const query = valid(
      z.object({
        limit: z.coerce.number().int().min(1).max(200).default(50),
        cursor: z.string().optional(),
        branch: z.string().optional(),
      }),
      request.query,
    );
    return snapshotList(db, project, query);
  });

  app.get<{ Params: SnapshotParams }>("/api/v1/projects/:project/snapshots/:id", async (request, reply) => {
    const project = await readableProject(db, request);
    const row = await projectSnapshot(db, project.id, request.params.id);
    const etag = snapshotEtag(row, "detail-1");
    if (cached(request, reply, etag)) return reply;
    const findings = (await storedFindingRows(db, row.id)).map(summaryOfRow);
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
  });

  app.get<{ Params: SnapshotParams }>(
    "/api/v1/projects/:project/snapshots/:id/components",
    async (request) => {
      const project = await readableProject(db, request);
      const row = await projectSnapshot(db, project.id, request.params.id);
      const query = valid(
        z.object({
          limit: z.coerce.number().int().min(1).max(1000).default(100),
          cursor: z.string().optional(),
          ecosystem: z.string().optional(),
          scope: z.enum(["prod", "optional", "peer", "dev"]).optional(),
          lockfile: z.string().optional(),
          q: z.string().max(200).optional(),
        }),
        request.query,
      );
      return snapshotComponents(db, row.id, query);
    },
  );

  app.get<{ Params: SnapshotParams }>(
    "/api/v1/projects/:project/snapshots/:id/findings",
    async (request, reply) => {
      const project = await readableProject(db, request);
      const row = await projectSnapshot(db, project.id, request.params.id);
      const etag = snapshotEtag(row, "findings-1");
      if (cached(request, reply, etag)) return reply;
      return { items: (await storedFindingRows(db, row.id)).map(summaryOfRow) };
    },
  );

  app.get<{ Params: ProjectParams }>("/api/v1/projects/:project/diff", async (request, reply) => {
    const project = await readableProject(db, request);
    const query = valid(z.object({ from: z.string(), to: z.string() }), request.query);
    const [from, to] = await Promise.all([
      projectSnapshot(db, project.id, query.from),
      projectSnapshot(db, project.id, query.to),
    ]);
    // Both sides are immutable: the pair's validators name the diff.
    const etag = `"${snapshotEtag(from, "diff-1").slice(1, -1)}.${snapshotEtag(to, "diff-1").slice(1, -1)}"`;
    if (cached(request, reply, etag)) return reply;
    return snapshotDiff(db, project.name, from, to);
  });

  app.get("/api/v1/findings", async (request) => {
    const principal = authorize(request, "project:read");
    const query = valid(
      z
        .object({
          vulnerability: z.string().min(1).max(200).optional(),
          package: z.string().min(1).max(1024).optional(),
          version: z.string().min(1).max(256).optional(),
          ecosystem: z.string().min(1).max(64).optional(),
          latest: z.enum(["true", "false"]).optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(200),
        })
        .refine((q) => q.vulnerability !== undefined || q.package !== undefined, {
          message: "give vulnerability or package (or both)",
        }),
      request.query,
    );
    return portfolioFindings(db, principal, { ...query, latestOnly: query.latest === "true" });
  });
}

interface ProjectRow {
  id: string;
  name: string;
  settings: unknown;
}

async function findProject(db: Kysely<Database>, name: string): Promise<ProjectRow> {
  const project = await db
    .selectFrom("projects")
    .select(["id", "name", "settings"])
    .where("name", "=", name)
    .executeTakeFirst();
  if (!project) throw new HttpProblem(404, "no such project");
  return project;
}

/** The project of the URL, for a principal who may read it; others learn nothing of its existence. */
async function readableProject(db: Kysely<Database>, request: FastifyRequest<{ Params: ProjectParams }>) {
  authorize(request, "project:read");
  const project = await findProject(db, request.params.project);
  authorize(request, "project:read", project.id, { hideExistence: true });
  return project;
}

/** Sets the ETag; true (with a 304 sent) when the client's copy is current. */
function cached(request: FastifyRequest, reply: FastifyReply, etag: string): boolean {
  reply.header("etag", etag);
  if (!notModified(request.headers["if-none-match"], etag)) return false;
  reply.code(304).send();
  return true;
}

function valid<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const errors = parsed.error.issues.map((issue) => ({
    pointer: `/${issue.path.join("/")}`,
    detail: issue.message,
  }));
  throw new HttpProblem(400, `invalid query: ${errors.map((e) => `${e.pointer}: ${e.detail}`).join("; ")}`, {
    errors,
  });
}
