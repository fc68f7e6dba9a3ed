import { afterEach, describe, expect, it } from "vitest";
import { buildApp } from "../app.js";
import { migrate } from "../db/migrations.js";
import { seedSampleData } from "../seed/sample-data.js";
import { sharedAdvisories } from "../test-support/advisories.js";
import { createTestPrincipal } from "../test-support/principals.js";
import { pgliteStore, postgresStore, storeTracker } from "../test-support/stores.js";

// After every sample push (the example project is pushed at the real time of the test run).
const NOW = new Date("2030-01-01T00:00:00.000Z");
const DAY_MS = 86_400_000;

describe.each([pgliteStore, postgresStore])("time to remediate on $name", (store) => {
  const stores = storeTracker(store);
  afterEach(() => stores.cleanUp());

  it("lists every problem a default-branch push fixed with its time to fix, and summarises per severity", async () => {
    const db = await (await stores.fresh()).open();
    await migrate(db);
    await seedSampleData(db, sharedAdvisories());
    const { app } = await buildApp({ db, advisories: sharedAdvisories(), now: () => NOW });
    const admin = await createTestPrincipal(db, { role: "admin" });
    const get = async (url: string, headers = admin.headers) => {
      const response = await app.inject({ method: "GET", url, headers });
      expect(response.statusCode, response.body).toBe(200);
      return response.json();
    };

    // The oracle, from the stored finding rows: walk each project's default-branch snapshots in
    // order; a problem (ecosystem, name, vulnerability) present in one and absent from the next
    // was fixed by the next, after existing since the project's earliest row of it.
    const rows = await db
      .selectFrom("findings as f")
      .innerJoin("snapshots as s", "s.id", "f.snapshot_id")
      .innerJoin("projects as p", "p.id", "s.project_id")
      .innerJoin("components as c", "c.id", "f.component_id")
      .select(["p.name as project", "s.id", "s.created_at", "s.branch", "p.default_branch"])
      .select(["c.ecosystem", "c.name", "f.vulnerability_id", "f.severity", "f.first_seen_at"])
      .execute();
    const snapshots = await db
      .selectFrom("snapshots as s")
      .innerJoin("projects as p", "p.id", "s.project_id")
      .select(["p.name as project", "s.id", "s.created_at"])
      .whereRef("s.branch", "=", "p.default_branch")
      .orderBy("s.created_at")
      .execute();
    const problems = new Map<string, Set<string>>();
    const firstSeen = new Map<string, { at: number; severity: string }>();
    for (const row of rows) {
      const problem = `${row.project} ${row.ecosystem}:${row.name} ${row.vulnerability_id}`;
      if (row.branch === row.default_branch) {
        const set = problems.get(row.id) ?? new Set<string>();
        set.add(problem);
        problems.set(row.id, set);
      }
      const at = new Date(row.first_seen_at).getTime();
      if (!firstSeen.has(problem) || at < (firstSeen.get(problem)?.at ?? 0))
        firstSeen.set(problem, { at, severity: row.severity });
    }
    const expected: { problem: string; days: number; severity: string }[] = [];
    const previous = new Map<string, Set<string>>();
    for (const snapshot of snapshots) {
      const now = problems.get(snapshot.id) ?? new Set<string>();
      for (const problem of previous.get(snapshot.project) ?? []) {
        if (now.has(problem)) continue;
        const seen = firstSeen.get(problem);
        if (!seen) throw new Error(`no first-seen time for ${problem}`);
        const days = (new Date(snapshot.created_at).getTime() - seen.at) / DAY_MS;
        expected.push({ problem, days, severity: seen.severity });
      }
      previous.set(snapshot.project, now);
    }
    // NodeGoat's history upgrades packages: the sample data has fixes to report (pages of one, so
    // the cursor is exercised).
    expect(expected.length).toBeGreaterThan(1);

    const items: {
      project: string;
      vulnerability: string;
      package: { ecosystem: string; name: string };
      daysToFix: number;
      fixedAt: string;
    }[] = [];
    let url: string | null = "/api/v1/remediation?limit=1";
    let first: { fixed: Record<string, { count: number; medianDays?: number }> } | undefined;
    while (url) {
      const body = await get(url);
      first ??= body;
      items.push(...body.items);
      url = body.nextCursor ? `/api/v1/remediation?limit=1&cursor=${body.nextCursor}` : null;
    }
    expect(
      items
        .map((item) => `${item.project} ${item.package.ecosystem}:${item.package.name} ${item.vulnerability}`)
        .sort(),
    ).toEqual(expected.map((entry) => entry.problem).sort());
    const fixedAt = items.map((item) => item.fixedAt);
    expect(fixedAt).toEqual([...fixedAt].sort().reverse());
    for (const item of items) {
      const entry = expected.find(
        (e) =>
          e.problem ===
          `${item.project} ${item.package.ecosystem}:${item.package.name} ${item.vulnerability}`,
      );
      expect(item.daysToFix).toBeCloseTo(entry?.days ?? Number.NaN, 1);
    }

    // Per severity: counts, and the median as an independent sort gives it.
    for (const severity of ["critical", "high", "medium", "low", "unknown"]) {
      const days = expected
        .filter((entry) => entry.severity === severity)
        .map((entry) => entry.days)
        .sort((a, b) => a - b);
      expect(first?.fixed[severity]?.count, severity).toBe(days.length);
      if (days.length === 0) continue;
      const middle = (days.length - 1) / 2;
      const median = ((days[Math.floor(middle)] ?? 0) + (days[Math.ceil(middle)] ?? 0)) / 2;
      expect(first?.fixed[severity]?.medianDays, severity).toBeCloseTo(median, 1);
    }

    // A window and a project narrow it; a viewer of another project sees none of it.
    const newest = fixedAt[0] as string;
    const windowed = await get(`/api/v1/remediation?since=${encodeURIComponent(newest)}&limit=500`);
    expect(windowed.items.length).toBe(fixedAt.filter((at) => at >= newest).length);
    const one = items[0]?.project as string;
    const projectOnly = await get(`/api/v1/remediation?project=${encodeURIComponent(one)}&limit=500`);
    expect(projectOnly.items.length).toBe(items.filter((item) => item.project === one).length);
    const other = await db
      .selectFrom("projects")
      .select("id")
      .where("name", "!=", one)
      .executeTakeFirstOrThrow();
    const outsider = await createTestPrincipal(db, { role: "viewer", projectIds: [other.id] });
    const scoped = await get(`/api/v1/remediation?project=${encodeURIComponent(one)}`, outsider.headers);
    expect(scoped.items).toEqual([]);
    expect(scoped.open.critical.count + scoped.open.high.count).toBe(0);

    // Open problems: each project's latest snapshot, aged from first seen to the clock's now.
    const open = (first as unknown as { open: Record<string, { count: number; oldestAgeDays?: number }> })
      .open;
    const expectedOpen = new Map<string, number[]>();
    for (const problems of previous.values())
      for (const problem of problems) {
        const seen = firstSeen.get(problem);
        if (!seen) continue;
        expectedOpen.set(seen.severity, [
          ...(expectedOpen.get(seen.severity) ?? []),
          (NOW.getTime() - seen.at) / DAY_MS,
        ]);
      }
    expect([...expectedOpen.values()].flat().length).toBeGreaterThan(0);
    for (const [severity, entry] of Object.entries(open)) {
      const ages = expectedOpen.get(severity) ?? [];
      expect(entry.count, severity).toBe(ages.length);
      if (ages.length > 0) expect(entry.oldestAgeDays, severity).toBeCloseTo(Math.max(...ages), 1);
    }

    const bad = await app.inject({
      method: "GET",
      url: "/api/v1/remediation?cursor=nonsense",
      headers: admin.headers,
    });
    expect(bad.statusCode).toBe(400);
    await app.close();
  }, 120_000);
});
