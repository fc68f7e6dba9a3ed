import { gzipSync } from "node:zlib";
import type { InjectOptions } from "fastify";
import { sql } from "kysely";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { buildApp } from "../app.js";
import { migrate } from "../db/migrations.js";
import { PROBLEM_CONTENT_TYPE } from "../problem.js";
import { shippedAdvisories } from "../test-support/advisories.js";
import { createTestPrincipal, type TestPrincipal } from "../test-support/principals.js";
import { lockfileUpload, sbomOf, tableCounts } from "../test-support/snapshot-fixtures.js";
import { pgliteStore, postgresStore, storeTracker } from "../test-support/stores.js";
import type { UploadLimits } from "./upload.js";

const advisories = shippedAdvisories();
afterAll(() => advisories.close());

/** `id name@version` of each finding of a response, for exact comparison with the real data's answer. */
const ids = (findings: { id: string; package: { name: string; version: string } }[]) =>
  findings.map((f) => `${f.id} ${f.package.name}@${f.package.version}`).sort();

/** NodeGoat at 4b7437f against the shipped advisories (nodejs/security-wg): what `lk scan` reports. */
const NODEGOAT_V1_FINDINGS = [
  "CVE-2014-7191 qs@0.6.6",
  "CVE-2015-8858 uglify-js@2.4.24",
  "CVE-2016-1000232 tough-cookie@2.2.2",
  "CVE-2016-2515 hawk@1.0.0",
  "CVE-2018-1002204 adm-zip@0.4.4",
  "CVE-2018-16487 lodash@2.4.2",
  "CVE-2018-16487 lodash@4.13.1",
  "CVE-2018-3721 lodash@2.4.2",
  "CVE-2018-3721 lodash@4.13.1",
  "CVE-2018-3728 hoek@0.9.1",
  "CVE-2018-3728 hoek@2.16.3",
  "NSWG-ECO-118 minimatch@0.3.0",
  "NSWG-ECO-28 qs@0.6.6",
  "NSWG-ECO-309 request@2.36.0",
  "NSWG-ECO-309 request@2.67.0",
  "NSWG-ECO-338 brace-expansion@1.1.6",
  "NSWG-ECO-375 is-my-json-valid@2.15.0",
  "NSWG-ECO-393 tunnel-agent@0.4.3",
  "NSWG-ECO-401 sshpk@1.10.1",
  "NSWG-ECO-422 stringstream@0.0.5",
  "NSWG-ECO-445 utile@0.2.1",
  "NSWG-ECO-445 utile@0.3.0",
  "NSWG-ECO-519 handlebars@4.0.5",
];

describe.each([pgliteStore, postgresStore])("snapshot push on $name", (store) => {
  const stores = storeTracker(store);
  afterEach(() => stores.cleanUp());

  async function started(
    options: { projects?: Record<string, unknown>; uploadLimits?: Partial<UploadLimits> } = {},
  ) {
    const db = await (await stores.fresh()).open();
    await migrate(db);
    for (const [name, settings] of Object.entries(options.projects ?? { goat: {} })) {
      await db
        .insertInto("projects")
        .values({ name, settings: JSON.stringify(settings) })
        .execute();
    }
    const errors: unknown[] = [];
    const server = await buildApp({
      db,
      advisories,
      onError: (error) => errors.push(error),
      ...(options.uploadLimits ? { uploadLimits: options.uploadLimits } : {}),
    });
    // Requests carry a real API token: a maintainer's until `actAs` picks another caller.
    const maintainer = await createTestPrincipal(db, { role: "maintainer", email: "ada@example.com" });
    let caller = maintainer;
    const actAs = (principal: TestPrincipal) => {
      caller = principal;
    };
    const send = (options: InjectOptions) =>
      server.app.inject({ ...options, headers: { ...caller.headers, ...options.headers } });
    const push = (
      payload: unknown,
      git: Record<string, string> = { branch: "main", commit: "4b7437f" },
      project = "goat",
    ) =>
      send({
        method: "POST",
        url: `/api/v1/projects/${project}/snapshots`,
        payload: { files: payload, git } as object,
      });
    return { db, errors, app: server.app, maintainer, actAs, send, push };
  }

  it("reads a real bun.lock push, leaving out a bun.lockb pushed beside it as Bun does", async () => {
    const { push, errors } = await started();
    const files = [
      ...lockfileUpload("bun/elysia", ["bun.lock", "package.json"]),
      { path: "bun.lockb", content: "stale" },
    ];
    const response = await push(files);
    expect(errors).toEqual([]);
    expect(response.statusCode).toBe(201);
    expect(response.json().snapshot).toMatchObject({ kind: "lockfiles", components: 287 });
    expect(response.json().verdict.outcome).not.toBe("incomplete");
  });

  it("stores a real npm lockfile push once per file, finds the real advisories, and answers a retry with the same snapshot", async () => {
    const { app, db, push, errors, maintainer } = await started();
    const v1 = lockfileUpload("npm/nodegoat-v1");
    const first = await push(v1, {
      branch: "main",
      commit: "4b7437f",
      author: "ada",
      ciUrl: "https://ci.example/1",
    });
    expect(errors).toEqual([]);
    expect(first.statusCode).toBe(201);
    const body = first.json();
    expect(first.headers.location).toBe(`/api/v1/projects/goat/snapshots/${body.snapshot.id}`);
    expect(body.snapshot).toMatchObject({
      project: "goat",
      kind: "lockfiles",
      branch: "main",
      commit: "4b7437f",
      author: "ada",
      ciUrl: "https://ci.example/1",
      createdBy: maintainer.principal.actor,
      components: 1089,
      findings: 23,
      verdict: "failed",
      advisoryDataAt: advisories.updatedAt,
    });
    expect(body.snapshot.contentHash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(ids(body.findings)).toEqual(NODEGOAT_V1_FINDINGS);
    const lodash = body.findings.find(
      (f: { id: string; package: { version: string } }) =>
        f.id === "CVE-2018-16487" && f.package.version === "4.13.1",
    );
    expect(lodash).toMatchObject({
      aliases: ["NSWG-ECO-493"],
      severity: { level: "medium" },
      package: {
        ecosystem: "npm",
        name: "lodash",
        purl: "pkg:npm/lodash@4.13.1",
        scope: "dev",
        direct: false,
      },
      lockfile: "package-lock.json",
      fix: { version: "4.17.11" },
    });
    // failOn defaults to high: the five high findings fail the gate.
    expect(body.verdict).toMatchObject({ outcome: "failed", failOn: "high", unknownSeverity: "fail" });
    expect(ids(body.verdict.failing)).toEqual([
      "CVE-2014-7191 qs@0.6.6",
      "CVE-2016-1000232 tough-cookie@2.2.2",
      "CVE-2018-1002204 adm-zip@0.4.4",
      "NSWG-ECO-118 minimatch@0.3.0",
      "NSWG-ECO-401 sshpk@1.10.1",
    ]);
    expect(body.verdict.newSincePrevious).toEqual({
      previousSnapshotId: null,
      findingsIntroduced: [],
      findingsFixed: [],
      packages: { added: [], removed: [], changed: [], licenceChanges: [] },
    });
    const stored = await tableCounts(db);
    expect(stored).toMatchObject({
      snapshots: 1,
      blobs: 2,
      snapshot_files: 2,
      components: 1089,
      findings: 23,
    });

    // The same content for the same commit is a retry: 200, the same snapshot, nothing written.
    const retry = await push(v1, { branch: "main", commit: "4b7437f" });
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toEqual(body);
    expect(await tableCounts(db)).toEqual(stored);

    // Another commit with the same files: a new snapshot, the same blobs and components.
    const next = await push(v1, { branch: "main", commit: "0000001" });
    expect(next.statusCode).toBe(201);
    expect(next.json().snapshot.id).not.toBe(body.snapshot.id);
    expect(next.json().snapshot.contentHash).toBe(body.snapshot.contentHash);
    expect(await tableCounts(db)).toMatchObject({
      snapshots: 2,
      blobs: 2,
      snapshot_files: 4,
      components: 1089,
    });

    const audit = await db
      .selectFrom("audit_log")
      .select(["action", "actor", "after"])
      .where("action", "!=", "token.create")
      .orderBy("seq")
      .execute();
    expect(audit).toEqual([
      {
        action: "snapshot.push",
        actor: maintainer.principal.actor,
        after: {
          id: body.snapshot.id,
          project: "goat",
          branch: "main",
          commit: "4b7437f",
          counts: { components: 1089, findings: 23 },
          verdict: "failed",
        },
      },
      expect.objectContaining({ action: "snapshot.push" }),
    ]);
    // Stored snapshots never change.
    await expect(sql`update snapshots set verdict = 'passed'`.execute(db)).rejects.toThrow(/immutable/);
    await expect(sql`update findings set severity = 'low'`.execute(db)).rejects.toThrow(/never changed/);
    await app.close();
  });

  it("carries first-seen times across snapshots, says what is new since the branch's previous one, and diffs two snapshots", async () => {
    const { app, send, push } = await started();
    const v1 = (await push(lockfileUpload("npm/nodegoat-v1"), { branch: "main", commit: "4b7437f" })).json();
    const v2response = await push(lockfileUpload("npm/nodegoat-v2"), { branch: "main", commit: "c5cb68a" });
    expect(v2response.statusCode).toBe(201);
    const v2 = v2response.json();
    const since = v2.verdict.newSincePrevious;
    expect(since.previousSnapshotId).toBe(v1.snapshot.id);
    expect(ids(since.findingsIntroduced)).toEqual(["NSWG-ECO-101 marked@0.3.5"]);
    expect(since.findingsFixed).toEqual([]);
    expect(ids(v2.findings)).toEqual([...NODEGOAT_V1_FINDINGS, "NSWG-ECO-101 marked@0.3.5"].sort());
    const seen = (id: string, version: string) =>
      v2.findings.find(
        (f: { id: string; package: { version: string } }) => f.id === id && f.package.version === version,
      ).firstSeenAt;
    expect(seen("CVE-2018-16487", "4.13.1")).toBe(v1.snapshot.createdAt);
    expect(seen("NSWG-ECO-101", "0.3.5")).toBe(v2.snapshot.createdAt);
    const summary = (c: {
      kind: string;
      name: string;
      from?: { version: string };
      to?: { version: string };
    }) => `${c.kind} ${c.name} ${c.from?.version ?? ""}→${c.to?.version ?? ""}`;
    const packages = {
      added: since.packages.added.map(summary),
      removed: since.packages.removed.map(summary),
      changed: since.packages.changed.map(summary),
    };
    expect(packages.added).toEqual(["added jshint →2.13.6", "added lodash →4.17.21"]);
    expect(packages.removed).toEqual([]);
    expect(packages.changed).toContain("upgraded chalk 4.1.0→4.1.2");
    expect(packages.changed).toHaveLength(7);

    // A feature branch's first snapshot has no previous one, whatever main holds.
    const feature = (
      await push(lockfileUpload("npm/nodegoat-v2"), { branch: "feature", commit: "c5cb68a" })
    ).json();
    expect(feature.verdict.newSincePrevious.previousSnapshotId).toBeNull();
    // …but the project had these problems before: first-seen times come from the project.
    expect(feature.findings.find((f: { id: string }) => f.id === "NSWG-ECO-101").firstSeenAt).toBe(
      v2.snapshot.createdAt,
    );

    const url = `/api/v1/projects/goat/diff?from=${v1.snapshot.id}&to=${v2.snapshot.id}`;
    const diff = await send({ method: "GET", url });
    expect(diff.statusCode).toBe(200);
    const d = diff.json();
    expect(d.from.id).toBe(v1.snapshot.id);
    expect(d.packages.added.map(summary)).toEqual(packages.added);
    expect(d.packages.changed.map(summary)).toEqual(packages.changed);
    expect(ids(d.vulnerabilities.introduced)).toEqual(["NSWG-ECO-101 marked@0.3.5"]);
    expect(d.vulnerabilities.fixed).toEqual([]);
    const again = await send({
      method: "GET",
      url,
      headers: { "if-none-match": diff.headers.etag as string },
    });
    expect(again.statusCode).toBe(304);
    const back = (
      await send({
        method: "GET",
        url: `/api/v1/projects/goat/diff?from=${v2.snapshot.id}&to=${v1.snapshot.id}`,
      })
    ).json();
    expect(ids(back.vulnerabilities.fixed)).toEqual(["NSWG-ECO-101 marked@0.3.5"]);
    expect(back.packages.removed.map(summary)).toEqual(["removed jshint 2.13.6→", "removed lodash 4.17.21→"]);
    await app.close();
  });

  it("decides the verdict by the project's settings: severity threshold and licence policy", async () => {
    const { app, push } = await started({
      projects: {
        strict: {},
        lenient: { failOn: "critical" },
        none: { failOn: "none" },
        "no-mit": { failOn: "none", licenses: { deny: ["MIT"] } },
        broken: { failOn: "severe" },
      },
    });
    const v2 = lockfileUpload("npm/nodegoat-v2");
    const outcome = async (project: string) => {
      const response = await push(v2, { branch: "main", commit: "c5cb68a" }, project);
      return { status: response.statusCode, body: response.json() };
    };
    expect((await outcome("strict")).body.verdict.outcome).toBe("failed");
    const lenient = await outcome("lenient");
    expect(lenient.body.verdict).toMatchObject({ outcome: "passed", failOn: "critical", failing: [] });
    expect((await outcome("none")).body.verdict.outcome).toBe("passed");
    const noMit = (await outcome("no-mit")).body.verdict;
    expect(noMit.outcome).toBe("failed");
    expect(noMit.failing).toEqual([]);
    expect(noMit.licenseViolations.length).toBeGreaterThan(0);
    expect(noMit.licenseViolations).toContainEqual(
      expect.objectContaining({
        ecosystem: "npm",
        name: "yargs",
        version: "4.8.1",
        license: "MIT",
        reasons: ["MIT is denied"],
      }),
    );
    const broken = await outcome("broken");
    expect(broken.status).toBe(409);
    expect(broken.body.detail).toContain("failOn");
    await app.close();
  });

  it("takes CycloneDX and SPDX SBOMs (gzip too) with git metadata in the query, sharing components with lockfile pushes", async () => {
    const { app, db, send, push } = await started();
    const lockfile = (
      await push(lockfileUpload("npm/nodegoat-v2"), { branch: "main", commit: "c5cb68a" })
    ).json();
    const components = (await tableCounts(db)).components;
    const cyclonedx = await send({
      method: "POST",
      url: "/api/v1/projects/goat/snapshots?branch=sbom&commit=c5cb68a&ciUrl=https%3A%2F%2Fci.example%2F2",
      headers: { "content-type": "application/vnd.cyclonedx+json", "content-encoding": "gzip" },
      payload: gzipSync(sbomOf("npm/nodegoat-v2", "cyclonedx")),
    });
    expect(cyclonedx.statusCode).toBe(201);
    const bom = cyclonedx.json();
    expect(bom.snapshot).toMatchObject({
      kind: "cyclonedx",
      branch: "sbom",
      commit: "c5cb68a",
      ciUrl: "https://ci.example/2",
    });
    expect(ids(bom.findings)).toEqual(ids(lockfile.findings));
    const spdx = await send({
      method: "POST",
      url: "/api/v1/projects/goat/snapshots?branch=spdx",
      headers: { "content-type": "application/spdx+json" },
      payload: sbomOf("npm/nodegoat-v2", "spdx"),
    });
    expect(spdx.statusCode).toBe(201);
    expect(spdx.json().snapshot.kind).toBe("spdx");
    expect(ids(spdx.json().findings)).toEqual(ids(lockfile.findings));
    // The same releases by purl: no new component rows.
    expect((await tableCounts(db)).components).toBe(components);
    const files = await db
      .selectFrom("snapshot_files")
      .select("path")
      .where("snapshot_id", "=", bom.snapshot.id)
      .execute();
    expect(files).toEqual([{ path: "bom.cdx.json" }]);
    await app.close();
  });

  it("refuses hostile and malformed pushes with the right problem, and stores nothing", async () => {
    const { app, db, send, push, errors, actAs } = await started({
      uploadLimits: { compressedBytes: 2 * 1024 * 1024, decompressedBytes: 4 * 1024 * 1024, maxDepth: 64 },
      projects: { goat: {}, other: {} },
    });
    await push(lockfileUpload("npm/nodegoat-v1"));
    const other = await db
      .selectFrom("projects")
      .select("id")
      .where("name", "=", "other")
      .executeTakeFirstOrThrow();
    const viewer = await createTestPrincipal(db, { role: "viewer" });
    const otherCi = await createTestPrincipal(db, { role: "ci", projectIds: [other.id] });
    const before = await tableCounts(db);
    const lock = lockfileUpload("npm/nodegoat-v1");
    const post = (payload: string | Buffer, headers: Record<string, string>, query = "") =>
      send({ method: "POST", url: `/api/v1/projects/goat/snapshots${query}`, headers, payload });
    const json = { "content-type": "application/json" };
    const cyclonedx = { "content-type": "application/vnd.cyclonedx+json" };
    const bom = (name: string) =>
      JSON.stringify({
        bomFormat: "CycloneDX",
        specVersion: "1.6",
        components: [
          { type: "library", name, version: "1.0.0", purl: `pkg:npm/${encodeURIComponent(name)}@1.0.0` },
        ],
      });
    const cases: [
      string,
      Promise<{ statusCode: number; headers: Record<string, unknown>; json(): unknown }>,
      number,
    ][] = [
      [
        "gzip bomb",
        post(gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20)), { ...json, "content-encoding": "gzip" }),
        413,
      ],
      [
        "oversized body",
        post(JSON.stringify({ files: [{ path: "a.txt", content: "x".repeat(3 * 1024 * 1024) }] }), json),
        413,
      ],
      ["malformed JSON", post('{"files": [', json), 400],
      ["deeply nested JSON", post(`{"files":${"[".repeat(10_000)}${"]".repeat(10_000)}}`, json), 400],
      [
        "deeply nested SBOM",
        post(`{"bomFormat":"CycloneDX","x":${"[".repeat(10_000)}${"]".repeat(10_000)}}`, cyclonedx),
        400,
      ],
      ["wrong content type", post("files", { "content-type": "text/plain" }), 415],
      ["no body", send({ method: "POST", url: "/api/v1/projects/goat/snapshots" }), 415],
      ["unknown content encoding", post("{}", { ...json, "content-encoding": "br" }), 415],
      ["broken gzip", post(Buffer.from("not gzip"), { ...json, "content-encoding": "gzip" }), 400],
      ["invalid UTF-8", post(Buffer.from([0x7b, 0xff, 0x7d]), json), 400],
      ["traversal path", push([{ path: "../package-lock.json", content: lock[0]?.content }]), 400],
      ["nested traversal", push([{ path: "a/../../package-lock.json", content: "{}" }]), 400],
      ["absolute path", push([{ path: "/etc/package-lock.json", content: "{}" }]), 400],
      ["Windows path", push([{ path: "C:\\package-lock.json", content: "{}" }]), 400],
      ["NUL in a path", push([{ path: "package-lock.json\u0000.txt", content: "{}" }]), 400],
      ["a file twice", push([...lock, ...lock]), 400],
      ["no files", push([]), 400],
      ["a javascript: CI link", push(lock, { branch: "main", ciUrl: "javascript:alert(1)" }), 400],
      ["control characters in a branch", push(lock, { branch: "main\u001b[2J" }), 400],
      ["no lockfile", push([lock[1]]), 422],
      ["an unreadable lockfile", push([{ path: "package-lock.json", content: "{ not json" }]), 422],
      ["an SBOM that is not one", post('{"spdxVersion": "SPDX-2.3"}', cyclonedx), 400],
      ["escape sequences in an SBOM name", post(bom("evil\u001b]0;pwned\u0007"), cyclonedx), 422],
      ["NUL in an SBOM name", post(bom("nul\u0000name"), cyclonedx), 422],
      ["Trojan Source in an SBOM name", post(bom("left\u202eright"), cyclonedx), 422],
      ["a very long SBOM name", post(bom("a".repeat(100_000)), cyclonedx), 422],
      ["unknown project", push(lock, {}, "nowhere"), 404],
    ];
    for (const [name, request, status] of cases) {
      const response = await request;
      expect({ name, status: response.statusCode }).toEqual({ name, status });
      expect(response.headers["content-type"]).toContain(PROBLEM_CONTENT_TYPE);
      expect(response.json()).toMatchObject({ type: "about:blank", status });
    }
    const noLockfile = (await push([lock[1]])).json() as { hint: string };
    expect(noLockfile.hint).toContain("package-lock.json");

    actAs(viewer);
    expect((await push(lock)).statusCode).toBe(403);
    actAs(otherCi);
    // A token of another project cannot tell whether this one exists.
    expect((await push(lock)).statusCode).toBe(404);

    expect(errors).toEqual([]);
    expect(await tableCounts(db)).toEqual(before);
    await app.close();
  });
});
