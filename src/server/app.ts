import { STATUS_CODES } from "node:http";
import Fastify, { type FastifyInstance } from "fastify";
import { type Kysely, sql } from "kysely";
import type { AdvisoryStore } from "../core/advisories/store/advisory-store.js";
import type { HttpClient } from "../core/http/http-client.js";
import type { Ecosystem } from "../core/model/types.js";
import { advisoryFreshness, DEFAULT_STALE_AFTER_HOURS } from "./advisories/freshness.js";
import { registerAdvisoryDataRoutes } from "./advisories/routes.js";
import { registerAuditRoutes } from "./audit/routes.js";
import { registerAuthentication } from "./auth/authentication.js";
import { registerAuthRoutes } from "./auth/routes.js";
import type { Database } from "./db/schema.js";
import { registerJobRoutes } from "./jobs/routes.js";
import { storeQueue } from "./jobs/store-queue.js";
import type { JobQueue } from "./jobs/types.js";
import { registerMetrics } from "./metrics.js";
import type { MailSender } from "./notifications/channels/mail-sender.js";
import { channelHttpClient } from "./notifications/channels/post-json.js";
import { registerNotificationRoutes } from "./notifications/routes.js";
import { registerNotificationRuleRoutes } from "./notifications/rule-routes.js";
import { collectApiRoutes } from "./openapi/collect.js";
import { registerApiDocs } from "./openapi/routes.js";
import { registerPolicyRoutes } from "./policy/routes.js";
import { registerPortfolioRoutes } from "./portfolio/routes.js";
import { HttpProblem, sendProblem } from "./problem.js";
import { registerProjectRoutes } from "./projects/routes.js";
import { registerSnapshotRoutes, type UploadLimits } from "./snapshots/routes.js";
import { registerTeamRoutes } from "./teams/routes.js";
import { registerTriageRoutes } from "./triage/routes.js";
import { useStrictValidation } from "./validation.js";

/** The advisory data pushes are scanned against, opened once for the life of the server. */
export interface AdvisoryData {
  store: AdvisoryStore;
  /** When the data was last updated (meta.json `updatedAt`): stored with every snapshot. */
  updatedAt: string;
  /** The ecosystems it has records for: packages of others are "not checked", not clean. */
  coveredEcosystems: ReadonlySet<Ecosystem>;
}

export interface AppDependencies {
  db: Kysely<Database>;
  advisories: AdvisoryData;
  /** Upload size limits; tests lower them (the defaults are in snapshots/upload.ts). */
  uploadLimits?: Partial<UploadLimits>;
  /** Lockkeeper's version, for the API document. */
  version?: string;
  /**
   * Structured request logs (JSON lines, pino) at this level to `stream` (default stdout); none
   * when absent. Credentials are redacted (see LOG_REDACTIONS).
   */
  log?: { level: string; stream?: NodeJS.WritableStream };
  /** Errors that became a 500, for the operator (the client gets no internals). */
  onError?(error: unknown): void;
  /** The clock of every stored time (tests move it); the system clock by default. */
  now?: () => Date;
  /** Advisory data older than this is reported stale (API, metrics); default 48 hours. */
  advisoryStaleAfterHours?: number;
  /** Where jobs are enqueued and read; by default the store's jobs table (nothing works them here). */
  jobs?: JobQueue;
  /**
   * How notification channels send: e-mail through the server's SMTP configuration (without it,
   * e-mail channels cannot be made), HTTP through a client making one attempt per request.
   */
  notifications?: { mail?: MailSender; http?: HttpClient };
}

/**
 * What a log line must never show, wherever a serializer or a route's own log call puts it:
 * credentials in headers, and secrets in bodies (a login's password, a new token).
 */
const LOG_REDACTIONS = [
  "req.headers.authorization",
  "req.headers.cookie",
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  "*.password",
  "*.token",
  "*.secret",
] as const;

export interface ServerApp {
  app: FastifyInstance;
  /**
   * Fails readiness from now on, so a load balancer stops sending new requests while the ones in
   * flight finish (the first step of a graceful stop).
   */
  beginDraining(): void;
}

/**
 * The HTTP application over a store, without listening: `lk serve` listens, tests use
 * `app.inject`. Routes stay thin; this module only wires them.
 */
export async function buildApp(dependencies: AppDependencies): Promise<ServerApp> {
  const { db, now = () => new Date() } = dependencies;
  let draining = false;
  const app = Fastify({
    logger: dependencies.log
      ? {
          level: dependencies.log.level,
          redact: { paths: [...LOG_REDACTIONS], censor: "[redacted]" },
          ...(dependencies.log.stream ? { stream: dependencies.log.stream } : {}),
        }
      : false,
    // Proxies and probes that keep connections open must not hold a stop up: idle ones are closed
    // at once, busy ones when their response is sent.
    forceCloseConnections: "idle",
  });

  // While draining, every response closes its connection: a client keeping it alive would otherwise
  // hold the stop up until the shutdown timeout cuts it.
  app.addHook("onSend", async (_request, reply) => {
    if (draining) reply.header("connection", "close");
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, {
      status: 404,
      title: "Not Found",
      detail: `no route for ${request.method} ${request.url.split("?")[0]}`,
    }),
  );

  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof HttpProblem) {
      reply.headers(error.headers);
      return sendProblem(reply, {
        status: error.status,
        title: titleOf(error.status),
        detail: error.detail,
        ...error.extensions,
      });
    }
    const status = (error as { statusCode?: number }).statusCode;
    // Client errors Fastify recognised (malformed JSON, a body too large) say what was wrong.
    if (status !== undefined && status >= 400 && status < 500) {
      return sendProblem(reply, { status, title: titleOf(status), detail: (error as Error).message });
    }
    dependencies.onError?.(error);
    return sendProblem(reply, { status: 500, title: "Internal Server Error" });
  });

  // Liveness: the process answers. It never looks at the database: a database outage must not
  // make an orchestrator restart every instance.
  app.get("/healthz", async () => ({ status: "ok" }));

  // Readiness: this instance can serve requests now.
  app.get("/readyz", async (_request, reply) => {
    if (draining) return reply.code(503).send({ status: "draining" });
    try {
      await sql`select 1`.execute(db);
    } catch {
      return reply.code(503).send({ status: "unavailable", detail: "the database does not answer" });
    }
    return { status: "ready" };
  });

  useStrictValidation(app);
  const staleAfterHours = dependencies.advisoryStaleAfterHours ?? DEFAULT_STALE_AFTER_HOURS;
  registerMetrics(app, {
    advisoryFreshness: () => advisoryFreshness(dependencies.advisories.updatedAt, now(), staleAfterHours),
  });
  const apiRoutes = collectApiRoutes(app);
  const routeDependencies = { db, now };
  registerAuthentication(app, routeDependencies);
  registerAuthRoutes(app, routeDependencies);
  registerProjectRoutes(app, routeDependencies);
  registerAuditRoutes(app, routeDependencies);
  const jobs = dependencies.jobs ?? storeQueue(db);
  registerSnapshotRoutes(app, { ...dependencies, jobs });
  registerPortfolioRoutes(app, { ...dependencies, now });
  registerTriageRoutes(app, { ...dependencies, now });
  registerPolicyRoutes(app, routeDependencies);
  registerTeamRoutes(app, routeDependencies);
  registerAdvisoryDataRoutes(app, { advisories: dependencies.advisories, staleAfterHours, now });
  registerJobRoutes(app, { db, jobs });
  registerNotificationRuleRoutes(app, routeDependencies);
  registerNotificationRoutes(app, {
    ...routeDependencies,
    http: dependencies.notifications?.http ?? channelHttpClient(),
    ...(dependencies.notifications?.mail ? { mail: dependencies.notifications.mail } : {}),
  });
  registerApiDocs(app, apiRoutes, dependencies.version ?? "development");

  // Not made ready here: callers may add routes first (tests add one that fails); `listen` and
  // `inject` make it ready.
  return {
    app,
    beginDraining: () => {
      draining = true;
    },
  };
}

/** The status's standard phrase ("Bad Request"), as RFC 9457 asks of a title with type about:blank. */
function titleOf(status: number): string {
  return STATUS_CODES[status] ?? "Error";
}
