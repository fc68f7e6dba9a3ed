import { afterEach, describe, expect, it } from "vitest";
import { verifyAuditLog } from "../audit/verify.js";
import { startedApp } from "../test-support/auth-app.js";
import { createTestPrincipal } from "../test-support/principals.js";
import { lockfileUpload } from "../test-support/snapshot-fixtures.js";
import { pgliteStore, postgresStore, storeTracker } from "../test-support/stores.js";

/** pygoat's real requirements: Django 4.2 with many advisories, urllib3 1.26.9 with a high one. */
const UPLOAD = lockfileUpload("python/pygoat-requirements", ["requirements.txt"]);

interface Finding {
  id: string;
  aliases: string[];
  package: { name: string; version: string };
  triage?: { id: string; state: string; suppresses: boolean };
}

describe.each([pgliteStore, postgresStore])("triage on $name", (store) => {
  const stores = storeTracker(store);
  afterEach(() => stores.cleanUp());

  async function started() {
    const { db, app, clock } = await startedApp(() => stores.fresh());
    const admin = await createTestPrincipal(db, { role: "admin", now: clock.now() });
    const headers = admin.headers;
    await app.inject({ method: "POST", url: "/api/v1/projects", headers, payload: { name: "pygoat" } });
    let commit = 0;
    const push = async () => {
      commit += 1;
      const response = await app.inject({
        method: "POST",
        url: "/api/v1/projects/pygoat/snapshots",
        headers,
        payload: { files: UPLOAD, git: { branch: "main", commit: `c${commit}` } },
      });
      return response.json();
    };
    const decide = (payload: object) =>
      app.inject({ method: "POST", url: "/api/v1/projects/pygoat/triage", headers, payload });
    return { db, app, clock, headers, push, decide };
  }

  it("takes a finding out of the gate by any id of its group, in every snapshot, until revoked", async () => {
    const { db, app, headers, push, decide } = await started();
    const first = await push();
    const urllib3 = (first.verdict.failing as Finding[]).find((f) => f.package.name === "urllib3");
    expect(urllib3).toBeDefined();
    const target = urllib3 as Finding;
    const failingIds = (report: { verdict: { failing: Finding[] } }) =>
      report.verdict.failing.map((f) => f.id);

    // Decided on an alias (a GHSA id) of the problem shown as a CVE.
    const alias = target.aliases.find((id) => id.startsWith("GHSA-")) ?? target.id;
    const decided = await decide({
      vulnerability: alias,
      ecosystem: "pypi",
      package: "urllib3",
      state: "not_affected",
      justification: "vulnerable_code_not_in_execute_path",
      reason: "we never follow redirects with a body",
    });
    expect(decided.statusCode).toBe(201);
    expect(decided.json()).toMatchObject({
      state: "not_affected",
      suppresses: true,
      author: expect.stringMatching(/^token:/),
    });

    // The old snapshot shows it on the finding, out of the failing list; its ETag changed.
    const url = `/api/v1/projects/pygoat/snapshots/${first.snapshot.id}`;
    const detail = await app.inject({ method: "GET", url, headers });
    expect(failingIds(detail.json())).not.toContain(target.id);
    const findings = (await app.inject({ method: "GET", url: `${url}/findings`, headers })).json()
      .items as Finding[];
    expect(findings.find((f) => f.id === target.id)?.triage).toMatchObject({
      id: decided.json().id,
      suppresses: true,
    });

    // The portfolio search shows it on the project's hits.
    const where = await app.inject({
      method: "GET",
      url: `/api/v1/findings?vulnerability=${target.id}`,
      headers,
    });
    expect(where.json().items.map((hit: { finding: Finding }) => hit.finding.triage?.state)).toEqual([
      "not_affected",
    ]);

    // A new push carries it: the verdict is decided without it.
    const second = await push();
    expect(failingIds(second)).not.toContain(target.id);
    expect(second.verdict.failing.length).toBe(first.verdict.failing.length - 1);

    // Revoked: it counts again; revoking twice is a 404; the history keeps it.
    const revoked = await app.inject({
      method: "DELETE",
      url: `/api/v1/projects/pygoat/triage/${decided.json().id}`,
      headers,
    });
    expect(revoked.statusCode).toBe(204);
    expect(failingIds((await app.inject({ method: "GET", url, headers })).json())).toContain(target.id);
    const again = await app.inject({
      method: "DELETE",
      url: `/api/v1/projects/pygoat/triage/${decided.json().id}`,
      headers,
    });
    expect(again.statusCode).toBe(404);
    const list = async (query = "") =>
      (await app.inject({ method: "GET", url: `/api/v1/projects/pygoat/triage${query}`, headers })).json()
        .items;
    expect(await list()).toEqual([]);
    expect((await list("?revoked=true"))[0]).toMatchObject({
      id: decided.json().id,
      revokedAt: expect.any(String),
    });

    const actions = await db
      .selectFrom("audit_log")
      .select("action")
      .where("action", "like", "triage.%")
      .execute();
    expect(actions.map((a) => a.action)).toEqual(["triage.decide", "triage.revoke"]);
    expect(await verifyAuditLog(db)).toMatchObject({ ok: true });
  }, 60_000);

  it("accepts a risk until a date, and applies a decision only to the versions it names", async () => {
    const { app, clock, headers, push, decide } = await started();
    const first = await push();
    const django = (first.findings as Finding[]).find((f) => f.package.name === "django") as Finding;
    const accepted = await decide({
      vulnerability: django.id,
      ecosystem: "pypi",
      package: "Django",
      state: "affected",
      acceptedUntil: new Date(clock.now().getTime() + 7 * 86_400_000).toISOString(),
      reason: "upgrade planned in the next sprint",
    });
    expect(accepted.json().suppresses).toBe(true);
    const elsewhere = await decide({
      vulnerability: django.id,
      ecosystem: "pypi",
      package: "django",
      versions: ">=5",
      state: "fixed",
      reason: "only for 5.x",
    });
    expect(elsewhere.statusCode).toBe(201);
    const findingsUrl = `/api/v1/projects/pygoat/snapshots/${first.snapshot.id}/findings`;
    const triageOf = async () =>
      ((await app.inject({ method: "GET", url: findingsUrl, headers })).json().items as Finding[]).find(
        (f) => f.id === django.id,
      )?.triage;
    // The newer decision is for other versions: the acceptance applies to 4.2.
    expect(await triageOf()).toMatchObject({ id: accepted.json().id, suppresses: true });
    clock.advance(8 * 86_400_000);
    expect(await triageOf()).toMatchObject({ id: accepted.json().id, suppresses: false });
  }, 60_000);

  it("refuses decisions that do not hold together, for unknown ids, and from viewers", async () => {
    const { db, app, push, decide } = await started();
    await push();
    const base = { vulnerability: "CVE-2023-31047", ecosystem: "pypi", package: "django", reason: "r" };
    const cases: [object, number, RegExp][] = [
      [{ ...base, state: "not_affected" }, 400, /needs a justification/],
      [{ ...base, state: "fixed", justification: "component_not_present" }, 400, /not_affected only/],
      [{ ...base, state: "fixed", acceptedUntil: "2099-01-01T00:00:00Z" }, 400, /affected only/],
      [{ ...base, state: "affected", acceptedUntil: "2000-01-01T00:00:00Z" }, 400, /future/],
      [{ ...base, state: "fixed", versions: "not a range ((" }, 400, /range/],
      [{ ...base, state: "fixed", vulnerability: "CVE-1999-0000" }, 422, /no advisory/],
      [{ ...base, state: "wontfix" }, 400, /state/],
    ];
    for (const [payload, status, detail] of cases) {
      const response = await decide(payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(status);
      expect(response.json().detail).toMatch(detail);
    }
    const viewer = await createTestPrincipal(db, { role: "viewer" });
    const refused = await app.inject({
      method: "POST",
      url: "/api/v1/projects/pygoat/triage",
      headers: viewer.headers,
      payload: { ...base, state: "fixed" },
    });
    expect(refused.statusCode).toBe(403);
    expect(await db.selectFrom("triage_decisions").select("id").execute()).toEqual([]);
  }, 60_000);
});
