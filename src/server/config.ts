import { isAbsolute, resolve } from "node:path";
import * as z from "zod";
import { shippedAdvisoryDbDir } from "../core/advisories/store/paths.js";
import { LockkeeperError } from "../core/errors.js";
import { readRegularFile } from "../core/files/read-regular-file.js";

/** Where the server keeps its data: embedded PGlite in a folder (or in memory, for tests), or PostgreSQL. */
export type DatabaseConfig =
  | { kind: "pglite"; dataDir: string }
  | { kind: "pglite-memory" }
  | { kind: "postgres"; url: string };

export interface ServerConfig {
  database: DatabaseConfig;
  host: string;
  port: number;
  /** How long a stop (SIGTERM) waits for requests in flight before closing their connections. */
  shutdownTimeoutMs: number;
  /** The advisory database pushes are scanned against (a folder `lk db update` writes). */
  advisoryDbDir: string;
}

/**
 * Variables that may hold secrets: each is also accepted as `<NAME>_FILE`, the path of a file
 * holding the value (Docker and Kubernetes secrets are mounted as files, and a value in a file is
 * not shown by `ps e` or `docker inspect`).
 */
export const SECRET_VARIABLES = ["DATABASE_URL"] as const;

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
  LK_SHUTDOWN_TIMEOUT_MS: z.coerce
    .number({ error: "must be a number" })
    .int("must be a whole number")
    .min(0, "must not be negative")
    .default(10_000),
  LK_ADVISORY_DB: z.string().min(1, "must not be empty").optional(),
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
    shutdownTimeoutMs: config.LK_SHUTDOWN_TIMEOUT_MS,
    // Default: the snapshot shipped with Lockkeeper, so a fresh server scans without a download.
    advisoryDbDir: config.LK_ADVISORY_DB ? resolve(cwd, config.LK_ADVISORY_DB) : shippedAdvisoryDbDir(),
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
