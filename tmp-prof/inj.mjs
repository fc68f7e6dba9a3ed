import { performance } from "node:perf_hooks";
import { buildApp } from "../dist/src/server/app.js";
import { openDatabase } from "../dist/src/server/db/connection.js";
import { openAdvisoryDb } from "../dist/src/core/advisories/store/advisory-db.js";
import { shippedAdvisoryDbDir } from "../dist/src/core/advisories/store/paths.js";
import { readFileSync } from "node:fs";
const adb = openAdvisoryDb(shippedAdvisoryDbDir());
const { url, authorization } = JSON.parse(readFileSync("/tmp/keepdb.json", "utf8"));
const db = await openDatabase({ kind: "postgres", url });
const { app } = await buildApp({ db, advisories: { store: adb, updatedAt: adb.meta.updatedAt, coveredEcosystems: new Set(adb.newestModified().keys()) }, now: () => new Date() });
const path = process.argv[2] ?? "/api/v1/projects?limit=50";
const inject = () => app.inject({ method: "GET", url: path, headers: { authorization } });
for (let i = 0; i < 300; i++) await inject();
for (let round = 0; round < 3; round++) {
  const cpu0 = process.cpuUsage(); const t = performance.now();
  for (let i = 0; i < 1000; i++) await inject();
  const cpu = process.cpuUsage(cpu0);
  console.log("wall ms/request", ((performance.now() - t) / 1000).toFixed(3), "node cpu ms/request", ((cpu.user + cpu.system) / 1e6).toFixed(3));
}
await app.close(); await db.destroy(); adb.close();
