import { afterEach, describe, expect, it } from "vitest";
import { buildApp } from "../app.js";
import { migrate } from "../db/migrations.js";
import { seedSampleData } from "../seed/sample-data.js";
import { sharedAdvisories } from "../test-support/advisories.js";
import { createTestPrincipal } from "../test-support/principals.js";
import { pgliteStore, postgresStore, storeTracker } from "../test-support/stores.js";

describe.each([pgliteStore, postgresStore])("the portfolio on $name", (store) => {
  const stores = storeTracker(store);
  afterEach(() => stores.cleanUp());

  it("sums each project's latest snapshot, ranks exposure and spread, and shows a scoped token its own only", async () => {
    const db = await (await stores.fresh()).open();
    await migrate(db);
    await seedSampleData(db, sharedAdvisories());
    const { app } = await buildApp({ db, advisories: sharedAdvisories() });
    const admin = await createTestPrincipal(db, { role: "admin" });
    const summary = (
      await app.inject({ method: "GET", url: "/api/v1/portfolio", headers: admin.headers })
    ).json();

    // The oracle: the latest snapshot of each project's default branch, read directly.
    const latest = await db
      .selectFrom("snapshots as s")
      .innerJoin("projects as p", "p.id", "s.project_id")
      .select(["p.name", "s.id", "s.finding_count", "s.created_at"])
      .whereRef("s.branch", "=", "p.default_branch")
      .orderBy("s.created_at", "desc")
      .execute();
    const newest = new Map<string, (typeof latest)[number]>();
    for (const row of latest) if (!newest.has(row.name)) newest.set(row.name, row);
    const total = [...newest.values()].reduce((sum, row) => sum + row.finding_count, 0);

    expect(summary.projects).toBe(2);
    expect(summary.projectsWithSnapshots).toBe(2);
    expect(
      Object.values(summary.findingsBySeverity as Record<string, number>).reduce((a, b) => a + b, 0),
    ).toBe(total);
    expect(summary.mostExposed.map((p: { snapshotId: string }) => p.snapshotId).sort()).toEqual(
      [...newest.values()].map((row) => row.id).sort(),
    );
    // Both projects hold NodeGoat's npm lockfile: its problems are in both.
    expect(summary.widespread[0]).toMatchObject({ projects: 2 });
    expect(summary.recentPushes).toHaveLength(10);
    expect(summary.recentPushes[0].createdAt >= summary.recentPushes[9].createdAt).toBe(true);

    const goats = (
      await app.inject({ method: "GET", url: "/api/v1/projects/goats", headers: admin.headers })
    ).json();
    const viewer = await createTestPrincipal(db, { role: "viewer", projectIds: [goats.id] });
    const scoped = (
      await app.inject({ method: "GET", url: "/api/v1/portfolio", headers: viewer.headers })
    ).json();
    expect(scoped.projects).toBe(1);
    expect(scoped.mostExposed.map((p: { project: string }) => p.project)).toEqual(["goats"]);
    expect(scoped.recentPushes.every((p: { project: string }) => p.project === "goats")).toBe(true);
    expect(scoped.widespread.every((w: { projects: number }) => w.projects === 1)).toBe(true);
    await app.close();
  }, 120_000);
});
