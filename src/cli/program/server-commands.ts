import { type Command, Option } from "commander";
import type { CliIo } from "../io.js";
import type { SetAction } from "./set-action.js";

const ENVIRONMENT_HELP = `
Environment:
  LK_DATA_DIR             embedded database folder (PGlite; default ./lockkeeper-data)
  DATABASE_URL            postgres://… to use PostgreSQL instead (or DATABASE_URL_FILE: a file holding it)
  LK_HOST, LK_PORT        where to listen (default 127.0.0.1:8080; LK_PORT=0 picks a free port)
  LK_ADMIN_EMAIL          the first admin, created on a store without users, with LK_ADMIN_PASSWORD
  LK_ADMIN_PASSWORD_FILE  a file holding that admin's password (or LK_ADMIN_PASSWORD; without them,
                          a one-time setup link is printed instead)
  LK_ADVISORY_DB          advisory database folder (from lk db update; default the shipped snapshot)
  LK_ADVISORY_STALE_AFTER_HOURS  advisory data older than this is reported stale (default 48)
  LK_SEED                 false: a new store starts without the sample projects (default true)
  LK_LOG_LEVEL            JSON request logs on stdout: fatal, error, warn, info (default), debug, trace, silent
  LK_SHUTDOWN_TIMEOUT_MS  how long a stop waits for requests in flight (default 10000)
  REDIS_URL               redis://… to queue background jobs in BullMQ (or REDIS_URL_FILE); without it,
                          in the database's jobs table
  LK_REDIS_PREFIX         the prefix of Lockkeeper's Redis keys (default lk)
  LK_WORKER_CONCURRENCY   jobs one process works at once (default 2)
  LK_SERVE_JOBS           false: lk serve only enqueues and lk worker processes work the jobs (the
                          default with REDIS_URL and DATABASE_URL; otherwise lk serve works them)
  LK_SMTP_URL             smtp://user:password@host:587 or smtps://…:465, for e-mail notifications
                          (or LK_SMTP_URL_FILE; or LK_SMTP_HOST, LK_SMTP_PORT, LK_SMTP_SECURE=true for
                          TLS from the start, LK_SMTP_USER with LK_SMTP_PASSWORD or LK_SMTP_PASSWORD_FILE)
  LK_SMTP_FROM            the sender of notification e-mail (required with an SMTP server)`;

/** The self-hosted server (early): its process and its database migrations. Loaded only when run. */
export function registerServerCommands(program: Command, io: CliIo, setAction: SetAction): void {
  program
    .command("serve")
    .description(
      "Run the Lockkeeper server: the API (/api/v1, reference at /api/docs), health, readiness, metrics.",
    )
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
    .command("worker")
    .description("Work the server's background jobs (scheduled checks and maintenance so far).")
    .addHelpText(
      "after",
      `${ENVIRONMENT_HELP}
Needs DATABASE_URL (PostgreSQL). With REDIS_URL the jobs come from BullMQ, else from the database's
jobs table; either way run as many workers, on as many machines, as the load needs. A job whose
worker dies is taken again once its lease lapses. SIGTERM or Ctrl-C hands running jobs back (they
run again at once elsewhere) and exits 0.`,
    )
    .action(() => {
      setAction(async () => (await import("../commands/worker.js")).workerCommand(io), {
        stopsOnSignal: true,
      });
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

  program
    .command("push")
    .description("Send the project's snapshot to a Lockkeeper server and print the verdict it answers with.")
    .argument("[target]", "project directory, lockfile or SBOM", ".")
    .option("--server <url>", "the server (default: LK_SERVER_URL)")
    .option("--project <name>", "the project on the server (default: LK_PROJECT)")
    .option("--branch <name>", "the branch (default: from CI variables, else git)")
    .option("--commit <sha>", "the commit (default: from CI variables, else git)")
    .addOption(new Option("-f, --format <format>", "output format").choices(["text", "json"]).default("text"))
    .option("-o, --output <file>", "write the report to a file instead of standard output")
    .option("--timeout <seconds>", "give up on a server that sends nothing for this long (default 30)")
    .option("-c, --config <file>", "config file (default: lockkeeper.yaml found upward from the target)")
    .addHelpText(
      "after",
      `
Environment: LK_TOKEN (required: an API token; a ci-role token scoped to the project is enough),
             LK_SERVER_URL, LK_PROJECT.
Sends the lockfiles with exactly the files their parsers read (manifests, includes), gzipped;
an SBOM file is sent as it is. The server scans it against its advisory data and the project's
policy and answers at once: no polling. Branch, commit, author and the CI run's link come from
GitHub Actions or GitLab CI variables, else from git.
Exit codes: 0 passed; 1 findings at or above the project's threshold or a denied licence;
            2 nothing checked, a lockfile unreadable, or the push refused (the reason is printed).`,
    )
    .action((target: string, options: import("../commands/push.js").PushOptions) => {
      setAction(async () => (await import("../commands/push.js")).pushCommand(io, target, options));
    });
}
