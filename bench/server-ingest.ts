import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { openAdvisoryDb } from "../src/core/advisories/store/advisory-db.js";
import { npmNaming } from "../src/core/ecosystems/npm/naming.js";
import { loadInventory } from "../src/core/inventory/load-inventory.js";
import { purlFor } from "../src/core/model/purl.js";
import type { PackageNode } from "../src/core/model/types.js";
import { toCycloneDx } from "../src/core/sbom/index.js";
import { buildApp } from "../src/server/app.js";
import type { DatabaseConfig } from "../src/server/config.js";
import { openDatabase } from "../src/server/db/connection.js";
import { migrate } from "../src/server/db/migrations.js";
import { uuidv7 } from "../src/server/ids.js";
import { analyse } from "../src/server/snapshots/analyse.js";
import { BUILT_IN_POLICY } from "../src/server/snapshots/settings.js";
import { readUpload } from "../src/server/snapshots/upload.js";
import { createTestDatabase } from "../src/server/test-support/postgres.js";
import { FIXTURES, LOCKFILE_BENCH_CASES, LOCKFILES_DIR, REPO_ROOT } from "./fixtures.js";
import { type BenchRow, printRows } from "./measure.js";

const COMPONENTS = 10_000;
const TARGET_MS = 2000;
const RUNS = 7;

/**
 * A CycloneDX BOM of 10,000 real releases, as `lk sbom` writes them: the distinct packages of
 * every lockfile fixture (npm, pnpm, yarn, PyPI; about 7,000), topped up with published versions
 * of the npm packages advisories name (fixtures/registry: many of them vulnerable, so the
 * matching and the findings are exercised, not only the storage).
 */
function tenThousandComponentSbom(): { text: string; components: number } {
  const packages = new Map<string, PackageNode>();
  for (const fixture of LOCKFILE_BENCH_CASES) {
    const inventory = loadInventory(join(LOCKFILES_DIR, fixture.dir, fixture.lockfile), {
      cwd: LOCKFILES_DIR,
    });
    for (const snapshot of inventory.snapshots) {
      for (const pkg of snapshot.packages)
        if (pkg.version && !packages.has(pkg.purl)) packages.set(pkg.purl, pkg);
    }
  }
  const registry = join(FIXTURES, "registry/npm");
  for (const file of readdirSync(registry).sort()) {
    if (packages.size >= COMPONENTS) break;
    const packument = JSON.parse(readFileSync(join(registry, file), "utf8")) as {
      name: string;
      versions: Record<string, { license?: string }>;
    };
    for (const [version, release] of Object.entries(packument.versions)) {
      const purl = purlFor(npmNaming.purl, packument.name, version);
      if (packages.has(purl)) continue;
      packages.set(purl, {
        id: `npm:${packument.name}@${version}`,
        ecosystem: "npm",
        name: packument.name,
        displayName: packument.name,
        version,
        purl,
        scope: "prod",
        direct: true,
        source: { kind: "registry" },
        hashes: [],
        locations: [],
        ...(typeof release.license === "string" ? { license: release.license } : {}),
      });
    }
  }
  const chosen = [...packages.values()].slice(0, COMPONENTS);
  const ids = new Set(chosen.map((p) => p.id));
  const inventory = {
    target: "bench",
    snapshots: [
      {
        lockfile: {
          path: "bom.cdx.json",
          format: "cyclonedx",
          ecosystem: "mixed" as const,
          formatVersion: "1.6",
          manifests: [],
        },
        roots: [{ id: "root:.", path: ".", name: "bench" }],
        packages: chosen.sort((a, b) => (a.id < b.id ? -1 : 1)),
        edges: chosen.filter((p) => ids.has(p.id)).map((p) => ({ from: "root:.", to: p.id, kind: p.scope })),
        coverage: { entries: chosen.length, parsed: chosen.length, skipped: [], warnings: [] },
      },
    ],
  };
  return {
    text: JSON.stringify(toCycloneDx(inventory, { toolVersion: "bench", timestamp: "2024-01-01T00:00:00Z" })),
    components: chosen.length,
  };
}

/**
 * `POST /api/v1/projects/:project/snapshots` of a 10,000-component CycloneDX BOM through the whole
 * app (content-type parser, analysis against the shipped advisories, storage, the report read
 * back), on PGlite in memory and on the local PostgreSQL. The first push writes every component;
 * later ones (a new commit each) find them stored and write the snapshot's rows only. Target:
 * under 2 s each. The analysis alone is timed too, to show where the time goes.
 */
export async function benchServerIngest(): Promise<void> {
  const sbom = tenThousandComponentSbom();
  const advisoryDb = openAdvisoryDb(join(REPO_ROOT, "data/advisories"));
  if (!advisoryDb) throw new Error("no shipped advisory database");
  const advisories = {
    store: advisoryDb,
    updatedAt: advisoryDb.meta.updatedAt,
    coveredEcosystems: new Set(advisoryDb.newestModified().keys()),
  };
  const rows: BenchRow[] = [];
  const upload = readUpload(
    { mediaType: "application/vnd.cyclonedx+json", text: sbom.text },
    {},
    {
      compressedBytes: Number.POSITIVE_INFINITY,
      decompressedBytes: Number.POSITIVE_INFINITY,
      maxDepth: 256,
      maxFiles: 1,
    },
  );
  const analyseTimes: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await analyse(upload, BUILT_IN_POLICY, advisories);
    analyseTimes.push(performance.now() - start);
  }
  rows.push({ name: `analyse only (${sbom.components} components)`, ms: median(analyseTimes) });

  const postgres = await createTestDatabase().catch(() => undefined);
  const stores: { name: string; config: DatabaseConfig }[] = [
    { name: "PGlite", config: { kind: "pglite-memory" } },
  ];
  if (postgres) stores.push({ name: "PostgreSQL", config: { kind: "postgres", url: postgres.url } });
  try {
    for (const store of stores) {
      const db = await openDatabase(store.config);
      try {
        await migrate(db);
        await db.insertInto("projects").values({ name: "bench" }).execute();
        const { app } = await buildApp({ db, advisories });
        const id = uuidv7();
        app.addHook("onRequest", async (request) => {
          request.principal = {
            kind: "user",
            id,
            actor: "bench",
            role: "admin",
            projectIds: null,
            userId: id,
          };
        });
        const times: number[] = [];
        for (let i = 0; i < RUNS; i++) {
          const start = performance.now();
          const response = await app.inject({
            method: "POST",
            url: `/api/v1/projects/bench/snapshots?branch=main&commit=c${i}`,
            headers: { "content-type": "application/vnd.cyclonedx+json" },
            payload: sbom.text,
          });
          times.push(performance.now() - start);
          if (response.statusCode !== 201)
            throw new Error(`push answered ${response.statusCode}: ${response.body}`);
        }
        const [first = 0, ...rest] = times;
        rows.push({
          name: `push ${sbom.components} components, ${store.name}, first`,
          ms: first,
          target: { text: `< ${TARGET_MS} ms`, met: first < TARGET_MS },
        });
        rows.push({
          name: `push ${sbom.components} components, ${store.name}, later`,
          ms: median(rest),
          target: { text: `< ${TARGET_MS} ms`, met: median(rest) < TARGET_MS },
          note: `median of ${rest.length}`,
        });
        await app.close();
      } finally {
        await db.destroy();
      }
    }
  } finally {
    await postgres?.drop();
    advisoryDb.close();
  }
  if (!postgres) rows.push({ name: "PostgreSQL not reachable on 127.0.0.1:5432: skipped", ms: 0 });
  printRows(
    `Server ingest: ${sbom.components}-component CycloneDX push (${(sbom.text.length / 1e6).toFixed(1)} MB)`,
    rows,
  );
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}
