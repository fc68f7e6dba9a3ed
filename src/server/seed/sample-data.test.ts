import { afterEach, describe, expect, it } from "vitest";
import { verifyAuditLog } from "../audit/verify.js";
import { migrate } from "../db/migrations.js";
import { sharedAdvisories } from "../test-support/advisories.js";
import { pgliteStore, postgresStore, storeTracker } from "../test-support/stores.js";
import { seedSampleData } from "./sample-data.js";

describe.each([pgliteStore, postgresStore])("the sample data on $name", (store) => {
  const stores = storeTracker(store);
  afterEach(() => stores.cleanUp());

  it("fills an empty store with the example project and NodeGoat's history, once", async () => {
    const db = await (await stores.fresh()).open();
    await migrate(db);
    expect(await seedSampleData(db, sharedAdvisories())).toEqual(["goats", "nodegoat"]);

    const snapshots = await db
      .selectFrom("snapshots as s")
      .innerJoin("projects as p", "p.id", "s.project_id")
      .select(["p.name", "s.commit", "s.created_at", "s.author", "s.verdict"])
      .orderBy("s.created_at")
      .execute();
    const nodegoat = snapshots.filter((s) => s.name === "nodegoat");
    // Each push is dated as its commit: the timeline spans the real history.
    expect(nodegoat).toHaveLength(11);
    expect(nodegoat[0]).toMatchObject({
      commit: expect.stringMatching(/^45eed7e/),
      author: expect.stringContaining("<"),
    });
    expect(new Date(nodegoat[0]?.created_at as Date).toISOString().slice(0, 10)).toBe("2019-03-03");
    expect(new Date(nodegoat.at(-1)?.created_at as Date).toISOString().slice(0, 10)).toBe("2023-03-06");
    expect(snapshots.filter((s) => s.name === "goats")).toHaveLength(1);

    // A problem that stayed across versions keeps the date the project first had it.
    const carried = await db
      .selectFrom("findings as f")
      .innerJoin("snapshots as s", "s.id", "f.snapshot_id")
      .innerJoin("projects as p", "p.id", "s.project_id")
      .select(["f.first_seen_at", "s.created_at"])
      .where("p.name", "=", "nodegoat")
      .execute();
    expect(carried.some((row) => new Date(row.first_seen_at) < new Date(row.created_at))).toBe(true);

    expect(await seedSampleData(db, sharedAdvisories())).toEqual([]);
    expect(await verifyAuditLog(db)).toMatchObject({ ok: true });
  }, 120_000);
});
