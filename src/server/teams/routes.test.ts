import { afterEach, describe, expect, it } from "vitest";
import { startedApp } from "../test-support/auth-app.js";
import { createTestPrincipal } from "../test-support/principals.js";
import { pgliteStore, postgresStore, storeTracker } from "../test-support/stores.js";

describe.each([pgliteStore, postgresStore])("teams on $name", (store) => {
  const stores = storeTracker(store);
  afterEach(() => stores.cleanUp());

  it("groups projects and people, narrows lists and the portfolio to a team, and audits every change", async () => {
    const { app, db, errors } = await startedApp(() => stores.fresh());
    const admin = await createTestPrincipal(db, { role: "admin" });
    const maintainer = await createTestPrincipal(db, { role: "maintainer" });
    const call = async (
      method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE",
      url: string,
      payload?: object,
      headers = admin.headers,
    ) => {
      const response = await app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
      return { status: response.statusCode, body: response.body ? response.json() : undefined };
    };

    const created = await call("POST", "/api/v1/teams", { name: "Platform Team" });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "Platform Team" });
    expect((await call("POST", "/api/v1/teams", { name: "Platform Team" })).status).toBe(409);
    expect((await call("POST", "/api/v1/teams", { name: " leading space" })).status).toBe(400);
    expect((await call("POST", "/api/v1/teams", { name: "Web" }, maintainer.headers)).status).toBe(403);

    const ids: Record<string, string> = {};
    for (const name of ["web", "api", "other"])
      ids[name] = (await call("POST", "/api/v1/projects", { name }, maintainer.headers)).body.id;
    // A maintainer puts projects in a team; an unknown team is refused and changes nothing.
    for (const name of ["web", "api"]) {
      const patched = await call(
        "PATCH",
        `/api/v1/projects/${name}`,
        { team: "Platform Team" },
        maintainer.headers,
      );
      expect(patched).toMatchObject({ status: 200, body: { name, team: "Platform Team" } });
    }
    expect((await call("PATCH", "/api/v1/projects/other", { team: "Nobody" })).status).toBe(422);
    expect((await call("GET", "/api/v1/projects/other")).body.team).toBeNull();

    const listed = await call("GET", "/api/v1/projects?team=Platform%20Team");
    expect(listed.body.items.map((p: { name: string; team: string }) => [p.name, p.team])).toEqual([
      ["api", "Platform Team"],
      ["web", "Platform Team"],
    ]);
    expect((await call("GET", "/api/v1/projects?team=Nobody")).status).toBe(404);

    // Members: adding twice is one membership; removing a non-member is a 404.
    expect((await call("PUT", `/api/v1/teams/Platform%20Team/members/${maintainer.userId}`)).status).toBe(
      201,
    );
    const again = await call("PUT", `/api/v1/teams/Platform%20Team/members/${maintainer.userId}`);
    expect(again.status).toBe(200);
    expect(again.body.members.map((m: { email: string }) => m.email)).toEqual([maintainer.email]);
    expect(again.body.projects).toEqual(["api", "web"]);
    const missingUser = "01890000-0000-7000-8000-000000000000";
    expect((await call("PUT", `/api/v1/teams/Platform%20Team/members/${missingUser}`)).status).toBe(404);

    const teams = await call("GET", "/api/v1/teams");
    expect(teams.body.items).toEqual([
      expect.objectContaining({ name: "Platform Team", members: 1, projects: 2 }),
    ]);

    // A token scoped to "web" sees its team with web only; one scoped to "other" sees no team.
    const webViewer = await createTestPrincipal(db, { role: "viewer", projectIds: [ids.web as string] });
    const otherViewer = await createTestPrincipal(db, { role: "viewer", projectIds: [ids.other as string] });
    expect((await call("GET", "/api/v1/teams", undefined, webViewer.headers)).body.items).toEqual([
      expect.objectContaining({ name: "Platform Team", projects: 1 }),
    ]);
    expect(
      (await call("GET", "/api/v1/teams/Platform%20Team", undefined, webViewer.headers)).body.projects,
    ).toEqual(["web"]);
    expect((await call("GET", "/api/v1/teams", undefined, otherViewer.headers)).body.items).toEqual([]);
    expect((await call("GET", "/api/v1/teams/Platform%20Team", undefined, otherViewer.headers)).status).toBe(
      404,
    );

    // The portfolio and time to remediate narrowed to the team.
    const portfolio = await call("GET", "/api/v1/portfolio?team=Platform%20Team");
    expect(portfolio.body.projects).toBe(2);
    expect(
      (await call("GET", "/api/v1/portfolio?team=Platform%20Team", undefined, webViewer.headers)).body
        .projects,
    ).toBe(1);
    expect(
      (await call("GET", "/api/v1/portfolio?team=Platform%20Team", undefined, otherViewer.headers)).status,
    ).toBe(404);
    expect((await call("GET", "/api/v1/remediation?team=Platform%20Team")).status).toBe(200);

    // Rename, remove the member, delete: the projects stay, without a team.
    expect((await call("PATCH", "/api/v1/teams/Platform%20Team", { name: "Platform" })).body.name).toBe(
      "Platform",
    );
    expect((await call("POST", "/api/v1/teams", { name: "Other" })).status).toBe(201);
    expect((await call("PATCH", "/api/v1/teams/Platform", { name: "Other" })).status).toBe(409);
    expect((await call("DELETE", `/api/v1/teams/Platform/members/${maintainer.userId}`)).status).toBe(204);
    expect((await call("DELETE", `/api/v1/teams/Platform/members/${maintainer.userId}`)).status).toBe(404);
    expect((await call("DELETE", "/api/v1/teams/Platform")).status).toBe(204);
    expect((await call("GET", "/api/v1/projects/web")).body.team).toBeNull();
    expect((await call("GET", "/api/v1/teams/Platform")).status).toBe(404);

    const actions = (
      await db
        .selectFrom("audit_log")
        .select("action")
        .where("subject_type", "=", "team")
        .orderBy("seq")
        .execute()
    ).map((row) => row.action);
    expect(actions).toEqual([
      "team.create",
      "team.member.add",
      "team.update",
      "team.create",
      "team.member.remove",
      "team.delete",
    ]);
    const projectUpdates = await db
      .selectFrom("audit_log")
      .select(["before", "after"])
      .where("action", "=", "project.update")
      .orderBy("seq")
      .execute();
    expect(
      projectUpdates.map((row) => [
        (row.before as { team: unknown }).team,
        (row.after as { team: unknown }).team,
      ]),
    ).toEqual([
      [null, "Platform Team"],
      [null, "Platform Team"],
    ]);
    expect(errors).toEqual([]);
    await app.close();
  }, 60_000);
});
