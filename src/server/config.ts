import { isAbsolute, resolve } from "node:path";
import * as z from "zod";
import { shippedAdvisoryDbDir } from "../core/advisories/store/paths.js";
import { LockkeeperError } from "../core/errors.js";
import { readRegularFile } from "../core/files/read-regular-file.js";
import { DEFAULT_STALE_AFTER_HOURS } from "./advisories/freshness.js";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "./auth/password-rules.js";

/** Where the server keeps its data: embedded PGlite in a folder (or in memory, for tests), or PostgreSQL. */
export type DatabaseConfig =
  | { kind: "pglite"; dataDir: string }
  | { kind: "pglite-memory" }
  | { kind: "postgres"; url: string };

export interface ServerConfig {
  database: DatabaseConfig;
  host: string;
  port: number;
  /** Whether a new, empty store gets the sample projects (LK_SEED, default true). */
  seed: boolean;
  /** pino level of the JSON request logs on stdout (`silent`: none). */
  logLevel: LogLevel;
  /** How long a stop (SIGTERM) waits for requests in flight before closing their connections. */
  shutdownTimeoutMs: number;
  /** The first admin, created on a store without users (LK_ADMIN_EMAIL and LK_ADMIN_PASSWORD). */
  admin?: { email: string; password: string };
  /** The advisory database pushes are scanned against (a folder `lk db update` writes). */
  advisoryDbDir: string;
  /** Advisory data older than this many hours is reported stale (LK_ADVISORY_STALE_AFTER_HOURS). */
  advisoryStaleAfterHours: number;
  jobs: JobsConfig;
  /** The SMTP server e-mail notifications go through; absent: e-mail channels cannot send. */
  smtp?: SmtpConfig;
}

/** Where background jobs queue and who works them. */
export interface JobsConfig {
  /** BullMQ on this Redis (REDIS_URL); without it, the jobs table of the store. */
  redis?: { url: string; prefix: string };
  /** Jobs one process works at once (LK_WORKER_CONCURRENCY). */
  concurrency: number;
  /**
   * Whether `lk serve` works jobs itself (LK_SERVE_JOBS): by default yes, except with Redis and
   * PostgreSQL together, where `lk worker` processes do and the API instances only enqueue.
   */
  inServer: boolean;
}

/** An SMTP server and the sender address of the server's e-mail (LK_SMTP_*). */
export interface SmtpConfig {
  host: string;
  port: number;
  /** TLS from the first byte (smtps, usually port 465); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  auth?: { user: string; pass: string };
  /** `lockkeeper@example.com` or `Lockkeeper <lockkeeper@example.com>`. */
  from: string;
}

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Variables that may hold secrets: each is also accepted as `<NAME>_FILE`, the path of a file
 * holding the value (Docker and Kubernetes secrets are mounted as files, and a value in a file is
 * not shown by `ps e` or `docker inspect`).
 */
export const SECRET_VARIABLES = [
  "DATABASE_URL",
  "LK_ADMIN_PASSWORD",
  "REDIS_URL",
  "LK_SMTP_URL",
  "LK_SMTP_PASSWORD",
] as const;

/** Secret files hold a URL or a token, never more; a larger one is a wrong path. */
const SECRET_FILE_LIMIT = 64 * 1024;

const port = z.coerce
  .number({ error: "must be a number" })
  .int("must be a whole number")
  .min(0, "must be between 0 and 65535")
  .max(65535, "must be between 0 and 65535");

/** An address, or a display name and an address in angle brackets. */
const SENDER = /^(?:[^<>@\s]+@[^<>@\s]+|[^<>\r\n]*<[^<>@\s]+@[^<>@\s]+>)$/;

/** What LK_SMTP_URL must look like before it is parsed as a URL. */
const SMTP_URL_SHAPE = /^smtps?:\/\/[^/\s]+/;

const schema = z.object({
  LK_DATA_DIR: z.string().min(1, "must not be empty").default("./lockkeeper-data"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
    .optional(),
  LK_HOST: z.string().min(1, "must not be empty").default("127.0.0.1"),
  LK_PORT: port.default(8080),
  LK_SEED: z.enum(["true", "false"], { error: "must be true or false" }).default("true"),
  LK_LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(", ")}` }).default("info"),
  LK_SHUTDOWN_TIMEOUT_MS: z.coerce
    .number({ error: "must be a number" })
    .int("must be a whole number")
    .min(0, "must not be negative")
    .default(10_000),
  LK_ADMIN_EMAIL: z.email("must be an email address").max(254, "must be at most 254 characters").optional(),
  LK_ADMIN_PASSWORD: z
    .string()
    .min(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters`)
    .max(PASSWORD_MAX_LENGTH, `must be at most ${PASSWORD_MAX_LENGTH} characters`)
    .optional(),
  LK_ADVISORY_DB: z.string().min(1, "must not be empty").optional(),
  LK_ADVISORY_STALE_AFTER_HOURS: z.coerce
    .number({ error: "must be a number" })
    .int("must be a whole number")
    .min(1, "must be between 1 and 8760")
    .max(8760, "must be between 1 and 8760")
    .default(DEFAULT_STALE_AFTER_HOURS),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, "must be a redis:// or rediss:// URL")
    .optional(),
  LK_REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, "must be 1 to 64 letters, digits, _ or -")
    .default("lk"),
  LK_WORKER_CONCURRENCY: z.coerce
    .number({ error: "must be a number" })
    .int("must be a whole number")
    .min(1, "must be between 1 and 64")
    .max(64, "must be between 1 and 64")
    .default(2),
  LK_SERVE_JOBS: z.enum(["true", "false"], { error: "must be true or false" }).optional(),
  LK_SMTP_URL: z.string().regex(SMTP_URL_SHAPE, "must be an smtp:// or smtps:// URL").optional(),
  LK_SMTP_HOST: z.string().min(1, "must not be empty").optional(),
  LK_SMTP_PORT: port.min(1, "must be between 1 and 65535").optional(),
  LK_SMTP_SECURE: z.enum(["true", "false"], { error: "must be true or false" }).optional(),
  LK_SMTP_USER: z.string().min(1, "must not be empty").optional(),
  LK_SMTP_PASSWORD: z.string().min(1, "must not be empty").optional(),
  LK_SMTP_FROM: z
    .string()
    .max(320, "must be at most 320 characters")
    .regex(SENDER, "must be an address, or a name and <address>")
    .optional(),
});

/**
 * The server's configuration from an environment (the caller passes `process.env`; tests pass
 * their own). Every problem is collected and reported in one error, so an operator fixes them all
 * in one go instead of one per restart. Relative paths resolve against `cwd`.
 */
export function loadServerConfig(
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): ServerConfig {
  const problems: string[] = [];
  const values = resolveSecretFiles(env, SECRET_VARIABLES, cwd, problems);
  // An empty variable counts as unset, as `LK_PORT= lk serve` means "the default" to most people.
  const present = Object.fromEntries(
    Object.keys(schema.shape).flatMap((name) => {
      const value = values[name];
      return value === undefined || value === "" ? [] : [[name, value]];
    }),
  );
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${issue.path.join(".")}: ${issue.message}`);
  }
  // One without the other is a half-done setup; the message names what is missing, never the value.
  if ((present.LK_ADMIN_EMAIL === undefined) !== (present.LK_ADMIN_PASSWORD === undefined)) {
    problems.push(
      "LK_ADMIN_EMAIL and LK_ADMIN_PASSWORD (or LK_ADMIN_PASSWORD_FILE) go together; set both or neither",
    );
  }
  // PGlite belongs to the server process: nobody else could work the jobs.
  if (present.LK_SERVE_JOBS === "false" && present.DATABASE_URL === undefined) {
    problems.push(
      "LK_SERVE_JOBS=false needs DATABASE_URL: with the embedded store only the server process can work jobs",
    );
  }
  problems.push(...smtpProblems(present));
  if (problems.length > 0 || !parsed.success) {
    throw new LockkeeperError(
      "CONFIG",
      `invalid server configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
  }
  const config = parsed.data;
  return {
    database: config.DATABASE_URL
      ? { kind: "postgres", url: config.DATABASE_URL }
      : {
          kind: "pglite",
          dataDir: isAbsolute(config.LK_DATA_DIR) ? config.LK_DATA_DIR : resolve(cwd, config.LK_DATA_DIR),
        },
    host: config.LK_HOST,
    port: config.LK_PORT,
    seed: config.LK_SEED === "true",
    logLevel: config.LK_LOG_LEVEL,
    shutdownTimeoutMs: config.LK_SHUTDOWN_TIMEOUT_MS,
    ...(config.LK_ADMIN_EMAIL && config.LK_ADMIN_PASSWORD
      ? { admin: { email: config.LK_ADMIN_EMAIL, password: config.LK_ADMIN_PASSWORD } }
      : {}),
    // Default: the snapshot shipped with Lockkeeper, so a fresh server scans without a download.
    advisoryDbDir: config.LK_ADVISORY_DB ? resolve(cwd, config.LK_ADVISORY_DB) : shippedAdvisoryDbDir(),
    advisoryStaleAfterHours: config.LK_ADVISORY_STALE_AFTER_HOURS,
    jobs: {
      ...(config.REDIS_URL ? { redis: { url: config.REDIS_URL, prefix: config.LK_REDIS_PREFIX } } : {}),
      concurrency: config.LK_WORKER_CONCURRENCY,
      inServer:
        config.LK_SERVE_JOBS === undefined
          ? !config.REDIS_URL || !config.DATABASE_URL
          : config.LK_SERVE_JOBS === "true",
    },
    ...(config.LK_SMTP_FROM && (config.LK_SMTP_URL || config.LK_SMTP_HOST)
      ? { smtp: smtpConfig(config) }
      : {}),
  };
}

type SmtpVariables = Partial<Record<`LK_SMTP_${string}`, string>>;

/**
 * What is wrong with the SMTP variables as a whole: a server either by URL or by host (not both),
 * a user and a password together, a sender address whenever there is a server, and no setting
 * without a server. The URL itself is never quoted: it may hold a password.
 */
function smtpProblems(values: SmtpVariables): string[] {
  const problems: string[] = [];
  const { LK_SMTP_URL: url, LK_SMTP_HOST: host } = values;
  if (url !== undefined && host !== undefined) {
    problems.push("LK_SMTP_URL and LK_SMTP_HOST are both set; set only one");
  }
  if (url !== undefined && SMTP_URL_SHAPE.test(url) && !parseSmtpUrl(url)) {
    problems.push("LK_SMTP_URL: must be an smtp:// or smtps:// URL with a host");
  }
  if (url !== undefined) {
    for (const name of ["LK_SMTP_PORT", "LK_SMTP_SECURE", "LK_SMTP_USER", "LK_SMTP_PASSWORD"] as const) {
      if (values[name] !== undefined)
        problems.push(`${name} goes with LK_SMTP_HOST; put it in LK_SMTP_URL instead`);
    }
  }
  if ((values.LK_SMTP_USER === undefined) !== (values.LK_SMTP_PASSWORD === undefined) && url === undefined) {
    problems.push(
      "LK_SMTP_USER and LK_SMTP_PASSWORD (or LK_SMTP_PASSWORD_FILE) go together; set both or neither",
    );
  }
  const server = url !== undefined || host !== undefined;
  if (server && values.LK_SMTP_FROM === undefined) {
    problems.push("LK_SMTP_FROM is required with an SMTP server: the address notifications are sent from");
  }
  if (!server) {
    const stray = Object.keys(values).filter(
      (name) => name.startsWith("LK_SMTP_") && values[name as `LK_SMTP_${string}`] !== undefined,
    );
    if (stray.length > 0)
      problems.push(`${stray.join(", ")} set without an SMTP server (LK_SMTP_URL or LK_SMTP_HOST)`);
  }
  return problems;
}

function smtpConfig(config: z.infer<typeof schema>): SmtpConfig {
  const from = config.LK_SMTP_FROM as string;
  if (config.LK_SMTP_URL) return { ...(parseSmtpUrl(config.LK_SMTP_URL) as Omit<SmtpConfig, "from">), from };
  const secure = config.LK_SMTP_SECURE === "true";
  return {
    host: config.LK_SMTP_HOST as string,
    port: config.LK_SMTP_PORT ?? (secure ? 465 : 587),
    secure,
    ...(config.LK_SMTP_USER && config.LK_SMTP_PASSWORD
      ? { auth: { user: config.LK_SMTP_USER, pass: config.LK_SMTP_PASSWORD } }
      : {}),
    from,
  };
}

/** `smtp[s]://[user:password@]host[:port]`: smtps is TLS from the start (default port 465), smtp 587. */
function parseSmtpUrl(text: string): Omit<SmtpConfig, "from"> | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if ((url.protocol !== "smtp:" && url.protocol !== "smtps:") || url.hostname === "") return undefined;
  const secure = url.protocol === "smtps:";
  const user = decodeURIComponent(url.username);
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, "$1"), // [::1] → ::1
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    ...(user ? { auth: { user, pass: decodeURIComponent(url.password) } } : {}),
  };
}

/**
 * The environment with each `<NAME>_FILE` of `names` replaced by the file's content as `<NAME>`
 * (one trailing newline removed: `echo url > file` writes one). Setting both is a problem, as is a
 * file that cannot be read; problems are appended to `problems`.
 */
export function resolveSecretFiles(
  env: Readonly<Record<string, string | undefined>>,
  names: readonly string[],
  cwd: string,
  problems: string[],
): Record<string, string | undefined> {
  const values: Record<string, string | undefined> = { ...env };
  for (const name of names) {
    const fileVariable = `${name}_FILE`;
    const path = env[fileVariable];
    if (path === undefined || path === "") continue;
    delete values[fileVariable];
    if (env[name] !== undefined && env[name] !== "") {
      problems.push(`${name} and ${fileVariable} are both set; set only one`);
      continue;
    }
    try {
      const text = readRegularFile(resolve(cwd, path), path, { maxFileSize: SECRET_FILE_LIMIT });
      values[name] = text.replace(/\r?\n$/, "");
    } catch (error: unknown) {
      // The message names the path, never the content.
      const reason =
        (error as NodeJS.ErrnoException).code === "ENOENT"
          ? "no such file"
          : error instanceof Error
            ? error.message
            : String(error);
      problems.push(`${fileVariable}: cannot read ${path}: ${reason}`);
    }
  }
  return values;
}
