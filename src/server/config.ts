import { isAbsolute, resolve } from "node:path";
import * as z from "zod";
import { shippedAdvisoryDbDir } from "../core/advisories/store/paths.js";
import { LockkeeperError } from "../core/errors.js";
import { readRegularFile } from "../core/files/read-regular-file.js";
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
  jobs: JobsConfig;
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

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Variables that may hold secrets: each is also accepted as `<NAME>_FILE`, the path of a file
 * holding the value (Docker and Kubernetes secrets are mounted as files, and a value in a file is
 * not shown by `ps e` or `docker inspect`).
 */
export const SECRET_VARIABLES = ["DATABASE_URL", "LK_ADMIN_PASSWORD", "REDIS_URL"] as const;

/** Secret files hold a URL or a token, never more; a larger one is a wrong path. */
const SECRET_FILE_LIMIT = 64 * 1024;

const port = z.coerce
  .number({ error: "must be a number" })
  .int("must be a whole number")
  .min(0, "must be between 0 and 65535")
  .max(65535, "must be between 0 and 65535");

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
    jobs: {
      ...(config.REDIS_URL ? { redis: { url: config.REDIS_URL, prefix: config.LK_REDIS_PREFIX } } : {}),
      concurrency: config.LK_WORKER_CONCURRENCY,
      inServer:
        config.LK_SERVE_JOBS === undefined
          ? !config.REDIS_URL || !config.DATABASE_URL
          : config.LK_SERVE_JOBS === "true",
    },
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
