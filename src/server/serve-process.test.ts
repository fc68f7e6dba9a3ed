import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadMigrations } from "./db/migrations.js";
import { BIN, portIsClosed, serveProcesses } from "./test-support/serve-process.js";

const processes = serveProcesses();
afterEach(() => processes.cleanUp());
const { tempDir, startServer } = processes;

function readAll(socket: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    socket.on("data", (chunk: Buffer) => {
      text += chunk.toString();
    });
    socket.on("end", () => resolve(text));
    socket.on("error", reject);
  });
}

describe("lk serve as a process", () => {
  it("serves on PGlite, and on SIGTERM finishes the request in flight, closes the port and exits 0", async () => {
    const dataDir = join(tempDir(), "data");
    const server = await startServer({ LK_DATA_DIR: dataDir });
    expect(server.url.hostname).toBe("127.0.0.1");
    // PGlite serves one process: a second one on the same folder is refused, not let in to corrupt it.
    const second = spawnSync(process.execPath, [BIN, "migrate"], {
      cwd: tempDir(),
      env: { PATH: process.env.PATH ?? "", LK_DATA_DIR: dataDir },
      encoding: "utf8",
    });
    expect(second.status).toBe(2);
    expect(second.stderr).toContain(
      `lk: error: the data folder ${dataDir} is in use by process ${server.child.pid}`,
    );
    const health = await fetch(new URL("/healthz", server.url));
    expect({ status: health.status, body: await health.json() }).toEqual({
      status: 200,
      body: { status: "ok" },
    });
    expect((await fetch(new URL("/readyz", server.url))).status).toBe(200);

    // A request still arriving when the stop begins: its body comes in two halves, the second
    // after SIGTERM. It must be answered in full before the process ends.
    const socket = connect(Number(server.url.port), server.url.hostname);
    await new Promise((resolve) => socket.once("connect", resolve));
    const response = readAll(socket);
    const body = '{"half":"one","other":"two"}';
    socket.write(
      `POST /slow HTTP/1.1\r\nHost: ${server.url.host}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    server.child.kill("SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(server.child.exitCode).toBeNull();
    socket.write(body.slice(10));
    const answered = await response;
    expect(answered).toMatch(/^HTTP\/1\.1 404 /);
    expect(answered).toContain("application/problem+json");

    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(server.output().stderr).toBe("");
    // A store without users and no LK_ADMIN_*: the first admin's setup link, printed once.
    expect(server.output().stdout).toMatch(
      /^lk: no users yet; create the first admin at http:\/\/127\.0\.0\.1:\d+\/setup#[\w-]{43}$/m,
    );
    expect(await portIsClosed(server.url)).toBe(true);
    expect(existsSync(join(dataDir, "lockkeeper.pid"))).toBe(false);
  });

  it("serves on PostgreSQL (DATABASE_URL_FILE, first admin from LK_ADMIN_PASSWORD_FILE) and stops on SIGINT with exit code 0", async () => {
    const database = await processes.database();
    const secret = join(tempDir(), "database-url");
    spawnSync("sh", ["-c", `printf '%s\\n' "$1" > "$2"`, "sh", database.url, secret]);
    const password = join(tempDir(), "admin-password");
    writeFileSync(password, "the admin's passphrase\n");
    const server = await startServer({
      DATABASE_URL_FILE: secret,
      LK_ADMIN_EMAIL: "root@example.com",
      LK_ADMIN_PASSWORD_FILE: password,
    });
    const ready = await fetch(new URL("/readyz", server.url));
    expect({ status: ready.status, body: await ready.json() }).toEqual({
      status: 200,
      body: { status: "ready" },
    });
    const login = await fetch(new URL("/api/v1/auth/login", server.url), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "root@example.com", password: "the admin's passphrase" }),
    });
    expect(login.status).toBe(200);
    expect(server.output().stdout).toContain("lk: created the first admin, root@example.com\n");
    server.child.kill("SIGINT");
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(await portIsClosed(server.url)).toBe(true);
  });

  it("cuts off a request that outlasts LK_SHUTDOWN_TIMEOUT_MS, says so, and still exits 0", async () => {
    const database = await processes.database();
    const server = await startServer({ DATABASE_URL: database.url, LK_SHUTDOWN_TIMEOUT_MS: "300" });
    const socket = connect(Number(server.url.port), server.url.hostname);
    await new Promise((resolve) => socket.once("connect", resolve));
    const response = readAll(socket);
    socket.write(
      `POST /slow HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{`,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const stopping = Date.now();
    server.child.kill("SIGTERM");
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(Date.now() - stopping).toBeLessThan(5_000);
    expect(await response).toBe("");
    expect(server.output().stderr).toBe(
      "lk serve: requests still running after 300 ms were cut off (LK_SHUTDOWN_TIMEOUT_MS)\n",
    );
  });

  it("says so clearly when its port is taken or its database cannot be reached (exit 2)", async () => {
    const database = await processes.database();
    const first = await startServer({ DATABASE_URL: database.url });
    const taken = spawnSync(process.execPath, [BIN, "serve"], {
      cwd: tempDir(),
      env: { PATH: process.env.PATH ?? "", DATABASE_URL: database.url, LK_PORT: first.url.port },
      encoding: "utf8",
    });
    expect({ status: taken.status, stderr: taken.stderr }).toEqual({
      status: 2,
      stderr: `lk: error: cannot listen on 127.0.0.1:${first.url.port}: the address is already in use\n  hint: choose another LK_HOST / LK_PORT\n`,
    });
    first.child.kill("SIGTERM");
    expect(await first.exited).toEqual({ code: 0, signal: null });
    // The port just freed: nothing listens there now.
    const unreachable = spawnSync(process.execPath, [BIN, "migrate"], {
      cwd: tempDir(),
      env: {
        PATH: process.env.PATH ?? "",
        DATABASE_URL: `postgres://nobody:pw@127.0.0.1:${first.url.port}/x`,
      },
      encoding: "utf8",
    });
    expect(unreachable.status).toBe(2);
    expect(unreachable.stderr).toMatch(/^lk: error: cannot use the database: .*ECONNREFUSED/);
    expect(unreachable.stderr).not.toContain("pw");
  });

  it("refuses a bad configuration with one message and exit code 2", () => {
    const result = spawnSync(process.execPath, [BIN, "serve"], {
      cwd: tempDir(),
      env: { PATH: process.env.PATH ?? "", LK_PORT: "http", DATABASE_URL_FILE: "nowhere" },
      encoding: "utf8",
    });
    expect({ status: result.status, stderr: result.stderr }).toEqual({
      status: 2,
      stderr:
        "lk: error: invalid server configuration (2 problems):\n  - DATABASE_URL_FILE: cannot read nowhere: no such file\n  - LK_PORT: must be a number\n",
    });
  });

  it("refuses to start without advisory data to scan pushes against (exit 2)", () => {
    const cwd = tempDir();
    const result = spawnSync(process.execPath, [BIN, "serve"], {
      cwd,
      env: { PATH: process.env.PATH ?? "", LK_ADVISORY_DB: "no-advisories" },
      encoding: "utf8",
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`lk: error: no advisory database in ${join(cwd, "no-advisories")}`);
    expect(existsSync(join(cwd, "lockkeeper-data"))).toBe(false);
  });
});

describe("lk migrate as a process", () => {
  it("finds the migrations shipped with the bundle, applies them, then finds the database up to date", () => {
    const dir = tempDir();
    const migrate = () =>
      spawnSync(process.execPath, [BIN, "migrate"], {
        cwd: dir,
        env: { PATH: process.env.PATH ?? "", LK_DATA_DIR: "data" },
        encoding: "utf8",
      });
    const first = migrate();
    expect({ status: first.status, stderr: first.stderr }).toEqual({ status: 0, stderr: "" });
    // Every migration the bundle ships, whatever their number.
    const versions = loadMigrations().map((migration) => migration.version);
    expect(first.stdout).toBe(
      `lk: applied migration${versions.length === 1 ? "" : "s"} ${versions.join(", ")} to the embedded database (now at ${versions.at(-1)})\n`,
    );
    const second = migrate();
    expect(second.stdout).toMatch(/^lk: the embedded database is up to date \(migration \d+\)\n$/);
  });
});
