import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shippedAdvisoryDbDir } from "../core/advisories/store/paths.js";
import { LockkeeperError } from "../core/errors.js";
import { loadServerConfig } from "./config.js";

// Made in beforeAll, not while collecting: a filtered run (-t) skips the afterAll that removes it.
let dir = "";
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "lk-server-config-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function problemsOf(env: Record<string, string>): string {
  try {
    loadServerConfig(env, dir);
  } catch (error: unknown) {
    expect(error).toBeInstanceOf(LockkeeperError);
    expect((error as LockkeeperError).code).toBe("CONFIG");
    return (error as LockkeeperError).message;
  }
  throw new Error("expected the configuration to be refused");
}

describe("server configuration", () => {
  it("has defaults for everything: PGlite in ./lockkeeper-data, 127.0.0.1:8080, 10 s to stop, the shipped advisories", () => {
    expect(loadServerConfig({}, dir)).toEqual({
      database: { kind: "pglite", dataDir: join(dir, "lockkeeper-data") },
      host: "127.0.0.1",
      port: 8080,
      seed: true,
      logLevel: "info",
      shutdownTimeoutMs: 10_000,
      advisoryDbDir: shippedAdvisoryDbDir(),
      advisoryStaleAfterHours: 48,
      jobs: { concurrency: 2, inServer: true },
    });
  });

  it("reads every variable, and DATABASE_URL chooses PostgreSQL", () => {
    const config = loadServerConfig(
      {
        DATABASE_URL: "postgres://lk@db.internal/lockkeeper",
        LK_HOST: "0.0.0.0",
        LK_PORT: "0",
        LK_SHUTDOWN_TIMEOUT_MS: "2500",
        LK_DATA_DIR: "/var/lib/lk",
        LK_LOG_LEVEL: "warn",
        LK_SEED: "false",
        LK_ADVISORY_DB: "advisories",
        LK_ADVISORY_STALE_AFTER_HOURS: "24",
        REDIS_URL: "redis://:secret@redis.internal:6379/2",
        LK_REDIS_PREFIX: "lk-prod",
        LK_WORKER_CONCURRENCY: "4",
      },
      dir,
    );
    expect(config).toEqual({
      database: { kind: "postgres", url: "postgres://lk@db.internal/lockkeeper" },
      host: "0.0.0.0",
      port: 0,
      seed: false,
      logLevel: "warn",
      shutdownTimeoutMs: 2500,
      advisoryDbDir: join(dir, "advisories"),
      advisoryStaleAfterHours: 24,
      // Redis and PostgreSQL: `lk worker` processes work the jobs; the API only enqueues.
      jobs: {
        redis: { url: "redis://:secret@redis.internal:6379/2", prefix: "lk-prod" },
        concurrency: 4,
        inServer: false,
      },
    });
  });

  it("works jobs in the server unless told not to, and never with nobody else able to", () => {
    const jobs = (env: Record<string, string>) => loadServerConfig(env, dir).jobs;
    expect(jobs({ REDIS_URL: "redis://127.0.0.1:6379" })).toMatchObject({ inServer: true });
    expect(jobs({ DATABASE_URL: "postgres://db/lk", LK_SERVE_JOBS: "false" })).toMatchObject({
      inServer: false,
    });
    expect(() => jobs({ LK_SERVE_JOBS: "false" })).toThrow(/LK_SERVE_JOBS=false needs DATABASE_URL/);
    expect(() => jobs({ REDIS_URL: "http://redis", LK_WORKER_CONCURRENCY: "0" })).toThrow(
      /REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL[\s\S]*LK_WORKER_CONCURRENCY: must be between 1 and 64/,
    );
  });

  it("treats an empty variable as unset", () => {
    expect(loadServerConfig({ LK_PORT: "", DATABASE_URL: "" }, dir).port).toBe(8080);
  });

  it("reads DATABASE_URL_FILE, without the file's trailing newline", () => {
    const file = join(dir, "database-url");
    writeFileSync(file, "postgresql://lk:s3cret@db/lockkeeper\n");
    expect(loadServerConfig({ DATABASE_URL_FILE: file }, dir).database).toEqual({
      kind: "postgres",
      url: "postgresql://lk:s3cret@db/lockkeeper",
    });
  });

  it("reports every problem in one message, naming the variables and never a secret", () => {
    const file = join(dir, "other-url");
    writeFileSync(file, "postgres://lk:hunter2@db/x\n");
    const message = problemsOf({
      LK_PORT: "80a",
      LK_SHUTDOWN_TIMEOUT_MS: "-1",
      DATABASE_URL: "mysql://lk:hunter2@db/x",
      DATABASE_URL_FILE: file,
    });
    expect(message).toBe(
      [
        "invalid server configuration (4 problems):",
        "  - DATABASE_URL and DATABASE_URL_FILE are both set; set only one",
        "  - DATABASE_URL: must be a postgres:// or postgresql:// URL",
        "  - LK_PORT: must be a number",
        "  - LK_SHUTDOWN_TIMEOUT_MS: must not be negative",
      ].join("\n"),
    );
    expect(message).not.toContain("hunter2");
  });

  it("refuses a port out of range and a secret file that does not exist", () => {
    const message = problemsOf({ LK_PORT: "70000", DATABASE_URL_FILE: "missing/url" });
    expect(message).toBe(
      [
        "invalid server configuration (2 problems):",
        "  - DATABASE_URL_FILE: cannot read missing/url: no such file",
        "  - LK_PORT: must be between 0 and 65535",
      ].join("\n"),
    );
  });

  it("reads the first admin, its password also from LK_ADMIN_PASSWORD_FILE", () => {
    const file = join(dir, "admin-password");
    writeFileSync(file, "a very long passphrase\n");
    expect(
      loadServerConfig({ LK_ADMIN_EMAIL: "root@example.com", LK_ADMIN_PASSWORD_FILE: file }, dir).admin,
    ).toEqual({
      email: "root@example.com",
      password: "a very long passphrase",
    });
    expect(loadServerConfig({}, dir).admin).toBeUndefined();
  });

  it("wants both admin variables or neither, a valid email and a long enough password, never showing it", () => {
    expect(problemsOf({ LK_ADMIN_EMAIL: "root@example.com" })).toBe(
      [
        "invalid server configuration (1 problem):",
        "  - LK_ADMIN_EMAIL and LK_ADMIN_PASSWORD (or LK_ADMIN_PASSWORD_FILE) go together; set both or neither",
      ].join("\n"),
    );
    const message = problemsOf({ LK_ADMIN_EMAIL: "root", LK_ADMIN_PASSWORD: "hunter2" });
    expect(message).toBe(
      [
        "invalid server configuration (2 problems):",
        "  - LK_ADMIN_EMAIL: must be an email address",
        "  - LK_ADMIN_PASSWORD: must be at least 12 characters",
      ].join("\n"),
    );
    expect(message).not.toContain("hunter2");
  });

  it("reads an SMTP server from LK_SMTP_URL (also from a file), or from host, port, user and password", () => {
    expect(
      loadServerConfig(
        {
          LK_SMTP_URL: "smtps://alerts%40example.com:p%40ss@mail.example.com",
          LK_SMTP_FROM: "lk@example.com",
        },
        dir,
      ).smtp,
    ).toEqual({
      host: "mail.example.com",
      port: 465,
      secure: true,
      auth: { user: "alerts@example.com", pass: "p@ss" },
      from: "lk@example.com",
    });
    const file = join(dir, "smtp-url");
    writeFileSync(file, "smtp://relay.internal:2525\n");
    expect(
      loadServerConfig({ LK_SMTP_URL_FILE: file, LK_SMTP_FROM: "Lockkeeper <lk@example.com>" }, dir).smtp,
    ).toEqual({ host: "relay.internal", port: 2525, secure: false, from: "Lockkeeper <lk@example.com>" });

    const password = join(dir, "smtp-password");
    writeFileSync(password, "s3cret smtp\n");
    expect(
      loadServerConfig(
        {
          LK_SMTP_HOST: "mail.example.com",
          LK_SMTP_USER: "lk",
          LK_SMTP_PASSWORD_FILE: password,
          LK_SMTP_FROM: "lk@example.com",
        },
        dir,
      ).smtp,
    ).toEqual({
      host: "mail.example.com",
      port: 587,
      secure: false,
      auth: { user: "lk", pass: "s3cret smtp" },
      from: "lk@example.com",
    });
    expect(
      loadServerConfig({ LK_SMTP_HOST: "mail", LK_SMTP_SECURE: "true", LK_SMTP_FROM: "a@b" }, dir).smtp,
    ).toMatchObject({ port: 465, secure: true });
    expect(loadServerConfig({}, dir).smtp).toBeUndefined();
  });

  it("reports every SMTP problem with the others, never showing the URL or the password", () => {
    const message = problemsOf({
      LK_SMTP_URL: "smtps://lk:hunter2@mail.example.com",
      LK_SMTP_HOST: "mail.example.com",
      LK_SMTP_PASSWORD: "hunter2",
      LK_PORT: "x",
    });
    expect(message).toBe(
      [
        "invalid server configuration (4 problems):",
        "  - LK_PORT: must be a number",
        "  - LK_SMTP_URL and LK_SMTP_HOST are both set; set only one",
        "  - LK_SMTP_PASSWORD goes with LK_SMTP_HOST; put it in LK_SMTP_URL instead",
        "  - LK_SMTP_FROM is required with an SMTP server: the address notifications are sent from",
      ].join("\n"),
    );
    expect(message).not.toContain("hunter2");

    expect(
      problemsOf({
        LK_SMTP_URL: "http://mail.example.com",
        LK_SMTP_FROM: "not an address\nBcc: x@y",
      }),
    ).toBe(
      [
        "invalid server configuration (2 problems):",
        "  - LK_SMTP_URL: must be an smtp:// or smtps:// URL",
        "  - LK_SMTP_FROM: must be an address, or a name and <address>",
      ].join("\n"),
    );
    expect(
      problemsOf({ LK_SMTP_HOST: "mail", LK_SMTP_USER: "lk", LK_SMTP_FROM: "a@b", LK_SMTP_PORT: "0" }),
    ).toBe(
      [
        "invalid server configuration (2 problems):",
        "  - LK_SMTP_PORT: must be between 1 and 65535",
        "  - LK_SMTP_USER and LK_SMTP_PASSWORD (or LK_SMTP_PASSWORD_FILE) go together; set both or neither",
      ].join("\n"),
    );
    expect(problemsOf({ LK_SMTP_FROM: "lk@example.com", LK_SMTP_USER: "lk" })).toContain(
      "  - LK_SMTP_USER, LK_SMTP_FROM set without an SMTP server (LK_SMTP_URL or LK_SMTP_HOST)",
    );
  });
});
