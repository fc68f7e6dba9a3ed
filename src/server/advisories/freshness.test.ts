import { afterEach, describe, expect, it } from "vitest";
import { buildApp } from "../app.js";
import { migrate } from "../db/migrations.js";
import { sharedAdvisories } from "../test-support/advisories.js";
import { createTestPrincipal } from "../test-support/principals.js";
import { pgliteStore, storeTracker } from "../test-support/stores.js";

describe("the advisory data's age", () => {
  const stores = storeTracker(pgliteStore);
  afterEach(() => stores.cleanUp());

  it("is told by the API and the metrics, stale past the threshold, while the server stays ready", async () => {
    const db = await (await stores.fresh()).open();
    await migrate(db);
    const advisories = sharedAdvisories();
    const updated = Date.parse(advisories.updatedAt);
    let now = new Date(updated + 10 * 3_600_000);
    const { app } = await buildApp({ db, advisories, now: () => now, advisoryStaleAfterHours: 24 });
    const viewer = await createTestPrincipal(db, { role: "viewer" });
    const read = async () =>
      (await app.inject({ method: "GET", url: "/api/v1/advisory-data", headers: viewer.headers })).json();
    const metric = async (name: string) => {
      const text = (await app.inject({ method: "GET", url: "/metrics" })).body;
      return Number(new RegExp(`^${name} (\\S+)$`, "m").exec(text)?.[1]);
    };

    expect(await read()).toEqual({
      updatedAt: advisories.updatedAt,
      ageHours: 10,
      staleAfterHours: 24,
      stale: false,
      ecosystems: ["npm", "pypi"],
    });
    expect(await metric("lockkeeper_advisory_data_age_seconds")).toBe(36_000);
    expect(await metric("lockkeeper_advisory_data_stale")).toBe(0);

    now = new Date(updated + 30 * 3_600_000);
    expect(await read()).toMatchObject({ ageHours: 30, stale: true });
    expect(await metric("lockkeeper_advisory_data_stale")).toBe(1);
    expect((await app.inject({ method: "GET", url: "/readyz" })).statusCode).toBe(200);
    await app.close();
  });
});
