import { performance } from "node:perf_hooks";
import { buildApp } from "../dist/src/server/app.js";
import { openDatabase } from "../dist/src/server/db/connection.js";
import { createTestDatabase } from "../dist/src/server/test-support/postgres.js";
import { createTestPrincipal } from "../dist/src/server/test-support/principals.js";
import { openAdvisoryDb } from "../dist/src/core/advisories/store/advisory-db.js";
import { shippedAdvisoryDbDir } from "../dist/src/core/advisories/store/paths.js";
const adb = openAdvisoryDb(shippedAdvisoryDbDir());
const sharedAdvisories = () => ({ store: adb, updatedAt: adb.meta.updatedAt, coveredEcosystems: new Set(adb.newestModified().keys()) });
import { buildDataSet } from "../dist/bench/server-portfolio.js";
import { sql } from "kysely";

const pg = await createTestDatabase();
const db = await openDatabase({ kind: "postgres", url: pg.url });
try {
  await buildDataSet(db);
  const admin = await createTestPrincipal(db, { role: "admin" });
  const { app } = await buildApp({ db, advisories: sharedAdvisories(), now: () => new Date() });
  const inject = () => app.inject({ method: "GET", url: "/api/v1/projects?limit=50", headers: { authorization: admin.authorization } });
  for (let i = 0; i < 200; i++) await inject();
  let t = performance.now();
  for (let i = 0; i < 1000; i++) await inject();
  console.log("inject ms/request", (performance.now() - t) / 1000);
  t = performance.now();
  for (let i = 0; i < 1000; i++) await sql`select 1`.execute(db);
  console.log("select 1 ms", (performance.now() - t) / 1000);
  const r = await inject();
  console.log(r.body.length, r.headers);
  const { Session } = await import("node:inspector/promises");
  const s = new Session(); s.connect();
  await s.post("Profiler.enable"); await s.post("Profiler.start");
  for (let i = 0; i < 1000; i++) await inject();
  const { profile } = await s.post("Profiler.stop");
  const { writeFileSync } = await import("node:fs");
  writeFileSync("/tmp/list.cpuprofile", JSON.stringify(profile));
  await app.close();
} finally {
  await db.destroy();
  await pg.drop();
}
