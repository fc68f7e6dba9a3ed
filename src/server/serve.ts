import { openAdvisoryDb } from "../core/advisories/store/advisory-db.js";
import { LockkeeperError } from "../core/errors.js";
import type { ServerConfig } from "./config.js";
import { openDatabase } from "./db/connection.js";
import { migrate } from "./db/migrations.js";
import { databaseError, listenError } from "./start-errors.js";

export interface ServeIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Lockkeeper's version (the API document shows it). */
  version: string;
  /** Aborted by SIGTERM/SIGINT: the server stops gracefully. */
  signal: AbortSignal;
}

/**
 * `lk serve`: migrates, listens, and on `signal` stops gracefully: readiness fails first, the
 * listener closes, requests in flight get `shutdownTimeoutMs` to finish (then their connections
 * are cut), and the database closes last. Resolves once everything is closed.
 */
export async function serve(config: ServerConfig, io: ServeIo): Promise<{ forced: boolean }> {
  // Opened before the database: a missing advisory folder is a configuration mistake to report
  // before anything else starts.
  const advisoryDb = openAdvisoryDb(config.advisoryDbDir);
  if (!advisoryDb) {
    throw new LockkeeperError("CONFIG", `no advisory database in ${config.advisoryDbDir}`, {
      hint: 'set LK_ADVISORY_DB to a folder written by "lk db update", or unset it for the shipped snapshot',
    });
  }
  const db = await openDatabase(config.database).catch((error: unknown) => {
    advisoryDb.close();
    throw error;
  });
  // Closed in reverse order before the database: what uses the database stops first.
  const closers: (() => Promise<void>)[] = [];
  try {
    await migrate(db).catch((error: unknown) => {
      throw databaseError(error);
    });
    if (io.signal.aborted) return { forced: false };
    const [{ buildApp }, { ensureFirstAdmin }] = await Promise.all([
      import("./app.js"),
      import("./auth/bootstrap.js"),
    ]);
    const firstAdmin = await ensureFirstAdmin(db, config.admin, new Date());
    const advisories = {
      store: advisoryDb,
      updatedAt: advisoryDb.meta.updatedAt,
      coveredEcosystems: new Set(advisoryDb.newestModified().keys()),
    };
    // A store that had no users is new: show real projects on the first look, unless asked not to.
    if (config.seed && firstAdmin.kind !== "exists") {
      const { seedSampleData } = await import("./seed/sample-data.js");
      const seeded = await seedSampleData(db, advisories);
      if (seeded.length > 0)
        io.stdout(`lk: added the sample projects ${seeded.join(", ")} (LK_SEED=false starts empty)\n`);
    }
    const mail = config.smtp
      ? (await import("./notifications/channels/mail-sender.js")).smtpMailSender(config.smtp)
      : undefined;
    const { startJobRuntime } = await import("./jobs/runtime.js");
    const jobs = await startJobRuntime(config.jobs, db, {
      schedule: true,
      work: config.jobs.inServer,
      ...(mail ? { mail } : {}),
      onError: (error) => io.stderr(`lk serve: background jobs: ${describe(error)}\n`),
    }).catch((error: unknown) => {
      throw databaseError(error);
    });
    closers.push(() => jobs.close());
    const { app, beginDraining } = await buildApp({
      db,
      jobs: jobs.queue,
      advisoryStaleAfterHours: config.advisoryStaleAfterHours,
      version: io.version,
      ...(mail ? { notifications: { mail } } : {}),
      ...(config.logLevel === "silent" ? {} : { log: { level: config.logLevel } }),
      advisories,
      onError: (error) => io.stderr(`lk serve: internal error: ${describe(error)}\n`),
    });
    await app.listen({ host: config.host, port: config.port }).catch((error: unknown) => {
      throw listenError(error, config.host, config.port);
    });
    const url = serverUrl(app.server.address(), config.host);
    io.stdout(`lk: listening on ${url}\n`);
    if (firstAdmin.kind === "created") io.stdout(`lk: created the first admin, ${firstAdmin.email}\n`);
    // Printed this once: the store keeps only the link's hash.
    if (firstAdmin.kind === "setup")
      io.stdout(`lk: no users yet; create the first admin at ${url}${firstAdmin.path}\n`);
    await new Promise<void>((resolve) => {
      if (io.signal.aborted) resolve();
      else io.signal.addEventListener("abort", () => resolve(), { once: true });
    });
    beginDraining();
    let forced = false;
    const timer = setTimeout(() => {
      forced = true;
      app.server.closeAllConnections();
    }, config.shutdownTimeoutMs);
    try {
      await app.close();
    } finally {
      clearTimeout(timer);
      mail?.close();
    }
    return { forced };
  } finally {
    for (const close of closers.reverse()) await close().catch(() => {});
    await db.destroy();
    advisoryDb.close();
  }
}

function serverUrl(address: ReturnType<import("node:net").Server["address"]>, host: string): string {
  if (address === null || typeof address === "string") return `http://${host}`;
  const name = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return `http://${name}:${address.port}`;
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
