import { afterAll, afterEach, describe, expect, it } from "vitest";
import { buildApp } from "../app.js";
import { migrate } from "../db/migrations.js";
import { shippedAdvisories } from "../test-support/advisories.js";
import { createTestPrincipal, type TestPrincipal } from "../test-support/principals.js";
import { lockfileUpload } from "../test-support/snapshot-fixtures.js";
import { pgliteStore, postgresStore, storeTracker } from "../test-support/stores.js";

const advisories = shippedAdvisories();
afterAll(() => advisories.close());

describe.each([pgliteStore, postgresStore])("snapshot reads on $name", (store) => {
  const stores = storeTracker(store);
  afterEach(() => stores.cleanUp());

  /** Projects goat and kid; goat has v1 and v2 on main and v1 on feature, kid has v2 on main. */
  async function populated() {
    const db = await (await stores.fresh()).open();
    await migrate(db);
    await db
      .insertInto("projects")
      .values([{ name: "goat" }, { name: "kid" }])
      .execute();
    const { app } = await buildApp({ db, advisories });
    // Requests carry a real API token: a maintainer's until `actAs` picks another caller.
    let caller = await createTestPrincipal(db, { role: "maintainer" });
    const actAs = (principal: TestPrincipal) => {
      caller = principal;
    };
    const push = async (project: string, fixture: string, branch: string, commit: string) => {
      const response = await app.inject({
        method: "POST",
        url: `/api/v1/projects/${project}/snapshots`,
        headers: caller.headers,
        payload: { files: lockfileUpload(fixture), git: { branch, commit } },
      });
      expect(response.statusCode).toBe(201);
      return response.json();
    };
    const v1 = await push("goat", "npm/nodegoat-v1", "main", "4b7437f");
    const v2 = await push("goat", "npm/nodegoat-v2", "main", "c5cb68a");
    const feature = await push("goat", "npm/nodegoat-v1", "feature", "4b7437f");
    const kid = await push("kid", "npm/nodegoat-v2", "main", "c5cb68a");
    const get = (url: string, headers: Record<string, string> = {}) =>
      app.inject({ method: "GET", url, headers: { ...caller.headers, ...headers } });
    return { db, app, actAs, get, v1, v2, feature, kid };
  }

  it("lists a project's snapshots newest first, a page at a time, by branch; details carry counts and a strong ETag", async () => {
    const { app, get, v1, v2, feature } = await populated();
    const first = (await get("/api/v1/projects/goat/snapshots?limit=2")).json();
    expect(first.items.map((s: { id: string }) => s.id)).toEqual([feature.snapshot.id, v2.snapshot.id]);
    expect(first.items[0]).toEqual(feature.snapshot);
    const second = (await get(`/api/v1/projects/goat/snapshots?limit=2&cursor=${first.nextCursor}`)).json();
    expect(second).toEqual({ items: [v1.snapshot], nextCursor: null });
    const main = (await get("/api/v1/projects/goat/snapshots?branch=main")).json();
    expect(main.items.map((s: { id: string }) => s.id)).toEqual([v2.snapshot.id, v1.snapshot.id]);
    expect((await get("/api/v1/projects/goat/snapshots?cursor=bogus")).statusCode).toBe(400);
    expect((await get("/api/v1/projects/goat/snapshots?limit=0")).statusCode).toBe(400);

    const url = `/api/v1/projects/goat/snapshots/${v2.snapshot.id}`;
    const detail = await get(url);
    expect(detail.statusCode).toBe(200);
    const body = detail.json();
    expect(body.snapshot).toEqual(v2.snapshot);
    expect(body.counts).toEqual(v2.counts);
    expect(body.verdict).toEqual(v2.verdict);
    expect(body.files).toEqual([
      { path: "package-lock.json", sha256: expect.stringMatching(/^[0-9a-f]{64}$/), size: 888024 },
      { path: "package.json", sha256: expect.stringMatching(/^[0-9a-f]{64}$/), size: 1979 },
    ]);
    const etag = detail.headers.etag as string;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect((await get(url, { "if-none-match": etag })).statusCode).toBe(304);
    expect((await get(url, { "if-none-match": '"other"' })).statusCode).toBe(200);
    // Another project's snapshot, or no snapshot at all, is not found under this project.
    expect((await get(`/api/v1/projects/kid/snapshots/${v2.snapshot.id}`)).statusCode).toBe(404);
    expect((await get("/api/v1/projects/goat/snapshots/not-a-uuid")).statusCode).toBe(404);

    const findings = await get(`${url}/findings`);
    expect(findings.json()).toEqual({ items: v2.findings });
    expect(
      (await get(`${url}/findings`, { "if-none-match": findings.headers.etag as string })).statusCode,
    ).toBe(304);
    await app.close();
  });

  it("pages a snapshot's components with filters", async () => {
    const { app, get, v1 } = await populated();
    const base = `/api/v1/projects/goat/snapshots/${v1.snapshot.id}/components`;
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { purl: string; lockfile: string }[]; nextCursor: string | null } = (
        await get(`${base}?limit=400${cursor ? `&cursor=${cursor}` : ""}`)
      ).json();
      seen.push(...page.items.map((c: { purl: string; lockfile: string }) => `${c.purl} ${c.lockfile}`));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(v1.snapshot.components);
    expect(new Set(seen).size).toBe(seen.length);

    const lodash = (await get(`${base}?q=lodash`)).json();
    expect(lodash.items.filter((c: { name: string }) => c.name === "lodash")).toEqual([
      expect.objectContaining({
        purl: "pkg:npm/lodash@2.4.2",
        ecosystem: "npm",
        version: "2.4.2",
        lockfile: "package-lock.json",
      }),
      expect.objectContaining({
        purl: "pkg:npm/lodash@4.13.1",
        version: "4.13.1",
        scope: "dev",
        direct: false,
      }),
      expect.objectContaining({ purl: "pkg:npm/lodash@4.17.11" }),
      expect.objectContaining({ purl: "pkg:npm/lodash@4.17.20" }),
    ]);
    const prod = (await get(`${base}?scope=prod&limit=500`)).json();
    expect(prod.items.length).toBeGreaterThan(0);
    expect(prod.items.every((c: { scope: string }) => c.scope === "prod")).toBe(true);
    expect((await get(`${base}?ecosystem=pypi`)).json().items).toEqual([]);
    // LIKE wildcards in q are literal.
    expect((await get(`${base}?q=%25`)).json().items).toEqual([]);
    expect((await get(`${base}?scope=bogus`)).statusCode).toBe(400);
    await app.close();
  });

  it("finds a vulnerability across the portfolio by any alias, and a package version, for the projects the principal may read", async () => {
    const { app, db, get, actAs, v1, v2, feature, kid } = await populated();
    // CVE-2018-16487 is the display id; NSWG-ECO-493 its alias, asked in lower case.
    const byAlias = (await get("/api/v1/findings?vulnerability=nswg-eco-493")).json();
    const hits = byAlias.items.map(
      (hit: {
        project: string;
        snapshot: { id: string; latest: boolean };
        finding: { id: string; package: { version: string } };
      }) =>
        `${hit.project} ${hit.snapshot.id} ${hit.snapshot.latest} ${hit.finding.id} ${hit.finding.package.version}`,
    );
    const expected = (project: string, snapshot: string, latest: boolean) =>
      ["2.4.2", "4.13.1"].map((version) => `${project} ${snapshot} ${latest} CVE-2018-16487 ${version}`);
    expect(hits.sort()).toEqual(
      [
        ...expected("goat", v1.snapshot.id, false),
        ...expected("goat", v2.snapshot.id, true),
        ...expected("goat", feature.snapshot.id, true),
        ...expected("kid", kid.snapshot.id, true),
      ].sort(),
    );
    expect(byAlias.truncated).toBe(false);

    const latest = (await get("/api/v1/findings?vulnerability=CVE-2018-16487&latest=true")).json();
    expect(latest.items).toHaveLength(6);
    expect(latest.items.every((hit: { snapshot: { latest: boolean } }) => hit.snapshot.latest)).toBe(true);

    const byPackage = (await get("/api/v1/findings?package=lodash&version=4.13.1&latest=true")).json();
    expect(
      byPackage.items
        .map((hit: { project: string; finding: { id: string } }) => `${hit.project} ${hit.finding.id}`)
        .sort(),
    ).toEqual([
      "goat CVE-2018-16487",
      "goat CVE-2018-16487",
      "goat CVE-2018-3721",
      "goat CVE-2018-3721",
      "kid CVE-2018-16487",
      "kid CVE-2018-3721",
    ]);
    expect((await get("/api/v1/findings")).statusCode).toBe(400);
    expect((await get("/api/v1/findings?package=lodash&ecosystem=cargo")).statusCode).toBe(400);
    // Names match in their normalised form, as PyPI compares them (PEP 503).
    const spelled = (await get("/api/v1/findings?package=Lo_Dash&ecosystem=pypi")).json();
    expect(spelled.items).toEqual([]);
    const pypiSpelling = (await get("/api/v1/findings?package=LODASH&version=4.13.1&latest=true")).json();
    expect(pypiSpelling.items).toHaveLength(byPackage.items.length);

    // A principal limited to kid sees kid only.
    const kidProject = await db
      .selectFrom("projects")
      .select("id")
      .where("name", "=", "kid")
      .executeTakeFirstOrThrow();
    actAs(await createTestPrincipal(db, { role: "viewer", projectIds: [kidProject.id] }));
    const scoped = (await get("/api/v1/findings?vulnerability=CVE-2018-16487")).json();
    expect(new Set(scoped.items.map((hit: { project: string }) => hit.project))).toEqual(new Set(["kid"]));
    // …and cannot tell whether goat exists.
    expect((await get("/api/v1/projects/goat/snapshots")).statusCode).toBe(404);
    expect((await get("/api/v1/projects/kid/snapshots")).statusCode).toBe(200);
    actAs(await createTestPrincipal(db, { role: "ci" }));
    expect((await get("/api/v1/findings?vulnerability=CVE-2018-16487")).statusCode).toBe(403);
    await app.close();
  });
});
