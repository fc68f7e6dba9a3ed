import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FAILURES_BEFORE_LOCKOUT } from "./auth/login-throttle.js";
import { portIsClosed, type RunningServer, serveProcesses } from "./test-support/serve-process.js";

const processes = serveProcesses();
// Also when the test fails: both servers are stopped (SIGTERM), their folders and database removed.
afterEach(() => processes.cleanUp());

/** A request to a running server, as a client sends it (real HTTP over the loopback). */
async function call(
  server: RunningServer,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: unknown } = {},
) {
  const response = await fetch(new URL(path, server.url), {
    method,
    headers: {
      ...(options.body === undefined ? {} : { "content-type": "application/json" }),
      ...options.headers,
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text === "" ? undefined : JSON.parse(text),
  };
}

describe("two lk serve processes on one PostgreSQL database", () => {
  it("share the first admin, sessions, login lock-outs, projects and one verifiable audit log", async () => {
    const database = await processes.database();
    const passwordFile = join(processes.tempDir(), "admin-password");
    writeFileSync(passwordFile, "the admin's passphrase\n");
    const env = {
      DATABASE_URL: database.url,
      LK_ADMIN_EMAIL: "root@example.com",
      LK_ADMIN_PASSWORD_FILE: passwordFile,
    };

    // Both start at once on an empty database: both migrate it, one creates the admin.
    const [one, two] = await Promise.all([processes.startServer(env), processes.startServer(env)]);
    for (const server of [one, two]) expect((await call(server, "GET", "/readyz")).status).toBe(200);

    // Signed in on one, the session works on the other (sessions live in the store).
    const login = await call(one, "POST", "/api/v1/auth/login", {
      body: { email: "root@example.com", password: "the admin's passphrase" },
    });
    expect(login.status).toBe(200);
    const cookie = (login.headers.getSetCookie()[0] ?? "").split(";")[0] as string;
    expect(cookie).toMatch(/^lk_session=/);
    const session = { cookie, "x-csrf-token": login.body.csrfToken as string };
    const created = await call(two, "POST", "/api/v1/projects", {
      headers: session,
      body: { name: "acme/web" },
    });
    expect(created.status).toBe(201);
    // The CSRF token is checked on the other instance too.
    const forged = await call(two, "POST", "/api/v1/projects", { headers: { cookie }, body: { name: "x" } });
    expect(forged.status).toBe(403);

    // A project created on two is listed on one.
    const listed = await call(one, "GET", "/api/v1/projects", { headers: { cookie } });
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((project: { name: string }) => project.name)).toEqual(["acme/web"]);

    // Exactly one admin, whichever instance created it.
    const users = await call(two, "GET", "/api/v1/users", { headers: { cookie } });
    expect(users.body.items.map((user: { email: string; role: string }) => [user.email, user.role])).toEqual([
      ["root@example.com", "admin"],
    ]);

    // Failed logins spread over both instances add up to one lock-out, which both enforce, even
    // against the right password.
    const bob = { email: "bob@example.com", password: "bob's own long passphrase" };
    const bobCreated = await call(one, "POST", "/api/v1/users", {
      headers: session,
      body: { ...bob, role: "viewer" },
    });
    expect(bobCreated.status).toBe(201);
    const failures: number[] = [];
    for (let attempt = 0; attempt < FAILURES_BEFORE_LOCKOUT; attempt++) {
      const server = attempt % 2 === 0 ? one : two;
      const failed = await call(server, "POST", "/api/v1/auth/login", {
        body: { email: bob.email, password: "not bob's passphrase" },
      });
      failures.push(failed.status);
    }
    expect(failures).toEqual(Array(FAILURES_BEFORE_LOCKOUT).fill(401));
    for (const server of [one, two]) {
      const locked = await call(server, "POST", "/api/v1/auth/login", { body: bob });
      expect({ status: locked.status, detail: locked.body.detail }).toEqual({
        status: 429,
        detail: "too many failed logins for this account; try again later",
      });
      expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
    }

    // One audit log, whole on either instance.
    const verified = await Promise.all(
      [one, two].map((server) => call(server, "GET", "/api/v1/audit/verify", { headers: { cookie } })),
    );
    for (const result of verified) expect(result).toMatchObject({ status: 200, body: { ok: true } });
    expect(verified[0]?.body).toEqual(verified[1]?.body);
    const actions = await call(two, "GET", "/api/v1/audit?limit=200", { headers: { cookie } });
    const counts: Record<string, number> = {};
    for (const entry of actions.body.items as { action: string }[])
      counts[entry.action] = (counts[entry.action] ?? 0) + 1;
    expect(counts).toMatchObject({
      "user.create": 2,
      "auth.login": 1,
      "project.create": 1,
      "auth.login_failed": FAILURES_BEFORE_LOCKOUT,
      "auth.lockout": 1,
    });

    // Both stop on SIGTERM with exit code 0; exactly one of them said it created the admin.
    for (const server of [one, two]) server.child.kill("SIGTERM");
    for (const server of [one, two]) {
      expect(await server.exited).toEqual({ code: 0, signal: null });
      expect(server.output().stderr).toBe("");
      expect(await portIsClosed(server.url)).toBe(true);
    }
    const announcements = [one, two].filter((server) =>
      server.output().stdout.includes("lk: created the first admin, root@example.com\n"),
    );
    expect(announcements).toHaveLength(1);
  });
});
