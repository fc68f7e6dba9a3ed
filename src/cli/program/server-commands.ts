import type { Command } from "commander";
import type { CliIo } from "../io.js";
import type { SetAction } from "./set-action.js";

const ENVIRONMENT_HELP = `
Environment:
  LK_DATA_DIR             embedded database folder (PGlite; default ./lockkeeper-data)
  DATABASE_URL            postgres://… to use PostgreSQL instead (or DATABASE_URL_FILE: a file holding it)
  LK_HOST, LK_PORT        where to listen (default 127.0.0.1:8080; LK_PORT=0 picks a free port)
  LK_LOG_LEVEL            JSON request logs on stdout: fatal, error, warn, info (default), debug, trace, silent
  LK_SHUTDOWN_TIMEOUT_MS  how long a stop waits for requests in flight (default 10000)`;

/** The self-hosted server (early): its process and its database migrations. Loaded only when run. */
export function registerServerCommands(program: Command, io: CliIo, setAction: SetAction): void {
  program
    .command("serve")
    .description("Run the Lockkeeper server (early: health and readiness endpoints only).")
    .addHelpText(
      "after",
      `${ENVIRONMENT_HELP}
Applies pending database migrations first. SIGTERM or Ctrl-C stops it gracefully: /readyz fails,
no new connections are accepted, requests in flight finish, the database closes; exit code 0.`,
    )
    .action(() => {
      setAction(async () => (await import("../commands/serve.js")).serveCommand(io), { stopsOnSignal: true });
    });

  program
    .command("migrate")
    .description("Apply pending database migrations to the server's database and exit.")
    .addHelpText("after", ENVIRONMENT_HELP)
    .action(() => {
      setAction(async () => (await import("../commands/migrate.js")).migrateCommand(io));
    });

  const audit = program.command("audit").description("The server's append-only audit log.");
  audit
    .command("verify")
    .description("Recompute the audit log's hash chain and report the first entry that was tampered with.")
    .option("--file <export.json>", "verify an export (GET /api/v1/audit/export) instead of the database")
    .addHelpText(
      "after",
      `${ENVIRONMENT_HELP}
Without --file, reads the server's database (stop lk serve first when it uses the embedded one).
Exit codes: 0 intact, 1 broken (the entry is named), 2 unreadable input.
Removing entries from the end leaves a valid shorter chain: compare the printed head with one
kept elsewhere (a previous export) to notice that.`,
    )
    .action((options: { file?: string }) => {
      setAction(async () => (await import("../commands/audit.js")).auditVerifyCommand(io, options));
    });
}
