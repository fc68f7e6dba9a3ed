import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../server/app.js";
import { openDatabase } from "../../server/db/connection.js";
import { migrate } from "../../server/db/migrations.js";
import { sharedAdvisories } from "../../server/test-support/advisories.js";
import { createTestPrincipal, type TestPrincipal } from "../../server/test-support/principals.js";
import { sbomOf } from "../../server/test-support/snapshot-fixtures.js";
import { REPO_ROOT } from "../../test-support/fixtures.js";
import { bufferIo } from "../io.js";
import { run } from "../run.js";

/** A real server on loopback (PGlite in memory), a project "goats", an admin and a CI token for it. */
let server: Awaited<ReturnType<typeof buildApp>>;
let db: Awaited<ReturnType<typeof openDatabase>>;
let url = "";
let ci: TestPrincipal;
let checkout = "";

beforeAll(async () => {
  db = await openDatabase({ kind: "pglite-memory" });
  await migrate(db);
  server = await buildApp({ db, advisories: sharedAdvisories() });
  url = await server.app.listen({ host: "127.0.0.1", port: 0 });
  const admin = await createTestPrincipal(db, { role: "admin" });
  const created = await server.app.inject({
    method: "POST",
    url: "/api/v1/projects",
    headers: admin.headers,
    payload: { name: "goats" },
  });
  ci = await createTestPrincipal(db, { role: "ci", projectIds: [created.json().id] });
  // The example project in a git checkout of its own, on a branch, with one commit.
  checkout = mkdtempSync(join(tmpdir(), "lk-push-"));
  cpSync(join(REPO_ROOT, "examples/goats"), checkout, { recursive: true });
  const git = (...args: string[]) =>
    execFileSync("git", args, {
      cwd: checkout,
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: "Ada",
        GIT_AUTHOR_EMAIL: "ada@example.com",
        GIT_COMMITTER_NAME: "Ada",
        GIT_COMMITTER_EMAIL: "ada@example.com",
      },
    });
  git("init", "-q", "-b", "feature/bump");
  git("add", ".");
  git("commit", "-q", "-m", "the goats");
}, 60_000);

afterAll(async () => {
  await server?.app.close();
  await db?.destroy();
});

async function lk(args: string[], env: NodeJS.ProcessEnv = {}, cwd = checkout) {
  const io = bufferIo(cwd);
  io.env = { PATH: process.env.PATH, HOME: process.env.HOME, ...env };
  const code = await run(args, io);
  return { code, out: io.out, err: io.err };
}

describe("lk push", () => {
  it("pushes the example project with its git metadata and prints the verdict with scan's exit code", async () => {
    const env = { LK_TOKEN: ci.authorization.slice("Bearer ".length) };
    const first = await lk(["push", ".", "--server", url, "--project", "goats"], env);
    expect(first.err).toBe("");
    expect(first.code).toBe(1);
    const lines = first.out.split("\n");
    expect(lines[0]).toMatch(
      /^pushed goats \(feature\/bump @ [0-9a-f]{12}\): snapshot [0-9a-f-]{36}, \d+ components in 2 lockfiles$/,
    );
    expect(first.out).toContain("the first snapshot of this branch");
    expect(first.out).toMatch(/^at or above high:$/m);
    expect(first.out).toMatch(/^verdict: FAILED: \d+ findings at or above high$/m);

    // The same content and commit again: the stored snapshot, not a second one.
    const again = await lk(["push", "--server", url, "--project", "goats", "-f", "json"], env);
    const report = JSON.parse(again.out);
    expect(again.code).toBe(1);
    expect(first.out).toContain(report.snapshot.id);
    expect(report.snapshot).toMatchObject({
      branch: "feature/bump",
      author: "Ada <ada@example.com>",
      kind: "lockfiles",
    });
    const stored = await db
      .selectFrom("snapshot_files")
      .select("path")
      .where("snapshot_id", "=", report.snapshot.id)
      .execute();
    expect(stored.map((file) => file.path).sort()).toEqual([
      "package-lock.json",
      "package.json",
      "requirements.txt",
    ]);
    expect((await db.selectFrom("snapshots").select("id").execute()).length).toBe(1);
  });

  it("pushes an SBOM as it is, with the branch given on the command line", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lk-push-sbom-"));
    writeFileSync(join(dir, "bom.json"), sbomOf("npm/nodegoat-v2", "cyclonedx"));
    const pushed = await lk(
      ["push", "bom.json", "--server", url, "--project", "goats", "--branch", "release", "-f", "json"],
      { LK_TOKEN: ci.authorization.slice("Bearer ".length) },
      dir,
    );
    expect(pushed.err).toBe("");
    expect(JSON.parse(pushed.out).snapshot).toMatchObject({ kind: "cyclonedx", branch: "release" });
  });

  it("says what is missing, and why the server refused, without a stack trace", async () => {
    const none = await lk(["push", "--server", url]);
    expect(none.code).toBe(2);
    expect(none.err).toContain("lk push needs --project (or LK_PROJECT), an API token in LK_TOKEN");

    const wrong = await lk(["push", "--server", url, "--project", "goats"], { LK_TOKEN: "lkt_not-a-token" });
    expect(wrong.code).toBe(2);
    expect(wrong.err).toContain("the server refused the push (401)");
    expect(wrong.err).toContain("LK_TOKEN is not a valid token on this server");

    const other = await lk(["push", "--server", url, "--project", "other"], {
      LK_TOKEN: ci.authorization.slice("Bearer ".length),
    });
    expect(other.code).toBe(2);
    expect(other.err).toContain('the server refused the push (404): no project named "other"');

    const nowhere = await lk(
      ["push", "--server", "http://127.0.0.1:9", "--project", "goats", "--timeout", "2"],
      {
        LK_TOKEN: "lkt_x",
      },
    );
    expect(nowhere.code).toBe(2);
    expect(nowhere.err).not.toMatch(/\n\s+at /);
  }, 60_000);
});
