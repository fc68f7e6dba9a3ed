import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { licensesReport } from "../../core/app/licenses.js";
import { testContext } from "../../core/app/test-support/test-context.js";
import { DEFAULT_LICENSES_SETTINGS } from "../../core/licenses/settings.js";
import { LOCKFILES } from "../../test-support/fixtures.js";
import { startedApp } from "../test-support/auth-app.js";
import { createTestPrincipal } from "../test-support/principals.js";
import { lockfileUpload } from "../test-support/snapshot-fixtures.js";
import { pgliteStore, postgresStore, storeTracker } from "../test-support/stores.js";

describe.each([pgliteStore, postgresStore])("a snapshot's licences on $name", (store) => {
  const stores = storeTracker(store);
  afterEach(() => stores.cleanUp());

  it("judges each package by the project's policy as lk licenses does, with a summary by licence", async () => {
    const { db, app } = await startedApp(() => stores.fresh());
    const admin = await createTestPrincipal(db, { role: "admin" });
    const headers = admin.headers;
    await app.inject({ method: "POST", url: "/api/v1/projects", headers, payload: { name: "goat" } });
    await app.inject({
      method: "PATCH",
      url: "/api/v1/projects/goat",
      headers,
      payload: { policy: { licenses: { deny: ["MIT"], review: ["ISC"] } } },
    });
    const pushed = await app.inject({
      method: "POST",
      url: "/api/v1/projects/goat/snapshots",
      headers,
      payload: { files: lockfileUpload("npm/nodegoat-v2"), git: { branch: "main" } },
    });
    const snapshot = pushed.json().snapshot.id;
    const response = await app.inject({
      method: "GET",
      url: `/api/v1/projects/goat/snapshots/${snapshot}/licenses`,
      headers,
    });
    const body = response.json();

    // The oracle: lk licenses on the same lockfile with the same lists (lockfile licences only).
    const cli = await licensesReport(testContext(LOCKFILES), {
      target: join("npm/nodegoat-v2"),
      settings: { ...DEFAULT_LICENSES_SETTINGS, deny: ["MIT"], review: ["ISC"] },
    });
    const byLicense = (rows: { license: string; packages: number }[]) =>
      Object.fromEntries(rows.map((row) => [row.license, row.packages]));
    const serverCounts: Record<string, number> = {};
    for (const row of body.summary as { license: string; packages: number }[])
      serverCounts[row.license] = (serverCounts[row.license] ?? 0) + row.packages;
    expect(serverCounts).toEqual(byLicense(cli.report.summary));

    const mit = body.items.find((item: { license: string }) => item.license === "MIT");
    expect(mit).toMatchObject({ outcome: "deny", reasons: ["MIT is denied"] });
    expect(body.items.find((item: { license: string }) => item.license === "ISC")).toMatchObject({
      outcome: "review",
    });
    expect(body.items.filter((item: { outcome: string }) => item.outcome === "deny").length).toBe(
      cli.report.violations.length,
    );
  }, 60_000);
});
