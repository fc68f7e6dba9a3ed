import type { FastifyInstance, InjectOptions } from "fastify";
import type { Kysely } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { closedPortUrl } from "../core/ecosystems/registry/test-support/fake-registry.js";
import { mintToken } from "./auth/api-tokens.js";
import type { Principal, Role } from "./auth/principal.js";
import { createSetupToken } from "./auth/users.js";
import type { Database } from "./db/schema.js";
import { uuidv7 } from "./ids.js";
import { saveSchedule } from "./jobs/schedule-store.js";
import { storeQueue } from "./jobs/store-queue.js";
import { startedApp } from "./test-support/auth-app.js";
import { createTestPrincipal, signIn } from "./test-support/principals.js";
import { lockfileUpload } from "./test-support/snapshot-fixtures.js";
import { storeState, storeTables } from "./test-support/store-state.js";
import { pgliteStore, postgresStore, storeTracker } from "./test-support/stores.js";

/**
 * Who may call what: every /api/v1 route, on project A and on project B where it names a project,
 * for every kind of caller. A route registered without a row here fails the test, so a new route
 * cannot ship before someone decides who may call it. A refused request must change nothing.
 */

/** The callers, in the order of the columns of EXPECTED. "…A" tokens are scoped to project A. */
const CALLERS = [
  "anonymous",
  "admin",
  "maintainer",
  "viewer",
  "ci",
  "adminA",
  "maintainerA",
  "viewerA",
  "ciA",
  "session",
  "noCsrf",
] as const;
type CallerName = (typeof CALLERS)[number];

interface Caller {
  name: CallerName;
  headers: Record<string, string>;
  /** The user the caller acts for (anonymous: the admin's, as the owner of things it aims at). */
  userId: string;
  role: Role;
  email: string;
}

interface ProjectFixture {
  name: string;
  id: string;
  snapshotId: string;
}

interface Context {
  db: Kysely<Database>;
  app: FastifyInstance;
  now(): Date;
  projects: Record<"A" | "B", ProjectFixture>;
  /** A user with a password: every login row signs in as them. */
  loginUser: { email: string; password: string };
  /** A user without a password yet: every setup row uses a fresh setup link of theirs. */
  invitedUserId: string;
  /** A user admins change in the PATCH /users rows. */
  patchedUserId: string;
  /** A number never used before in this app: unique names, emails and commits. */
  next(): number;
}

type Subject = "A" | "B";

interface Row {
  /** `METHOD /path/{param}`, as the OpenAPI document names the operation. */
  route: string;
  subject?: Subject;
  /** The status each caller gets, in CALLERS order. */
  expected: readonly number[];
  /** The request, without credentials (the caller's are added). May prepare a target first. */
  request(context: Context, caller: Caller, subject: ProjectFixture): Promise<InjectOptions> | InjectOptions;
}

const PASSWORD = "correct horse battery staple";
/** A small real lockfile: what every push sends (each with a commit of its own). */
const UPLOAD = lockfileUpload("python/pygoat-requirements", ["requirements.txt"]);

function path(project: ProjectFixture, rest = ""): string {
  return `/api/v1/projects/${encodeURIComponent(project.name)}${rest}`;
}

// Columns:          anon admin maint view  ci  admA maiA viwA ciA  sess noCsrf
const READ_A = [401, 200, 200, 200, 403, 200, 200, 200, 403, 200, 200];
const READ_B = [401, 200, 200, 200, 403, 404, 404, 404, 403, 200, 200];
const WRITE_A = [401, 200, 200, 403, 403, 200, 200, 403, 403, 200, 403];
const WRITE_B = [401, 200, 200, 403, 403, 404, 404, 403, 403, 200, 403];
const PUSH_A = [401, 201, 201, 403, 201, 201, 201, 403, 201, 201, 403];
const PUSH_B = [401, 201, 201, 403, 201, 404, 404, 403, 404, 201, 403];
/** Reads across projects (each caller sees its own): everyone but CI tokens. */
const withStatus = (row: readonly number[], ok: number) =>
  row.map((status) => (status === 200 ? ok : status));
const READ_ANY = [401, 200, 200, 200, 403, 200, 200, 200, 403, 200, 200];
/** Admin only, and only unscoped: an admin token scoped to a project is no administrator. */
const ADMIN_READ = [401, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403];
const ADMIN_WRITE = (ok: number) => [401, ok, 403, 403, 403, 403, 403, 403, 403, 403, 403];

/** The per-project rows, for A (inside every scoped token's projects) and B (outside them). */
function onBoth(route: string, expected: Record<Subject, readonly number[]>, request: Row["request"]): Row[] {
  return (["A", "B"] as const).map((subject) => ({ route, subject, expected: expected[subject], request }));
}

const ROWS: Row[] = [
  // Signing in and setting a password with a setup link need no credentials. A signed-in browser
  // must still send its CSRF token with them, as with every unsafe request.
  {
    route: "POST /api/v1/auth/login",
    expected: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 403],
    request: ({ loginUser }) => ({ method: "POST", url: "/api/v1/auth/login", payload: loginUser }),
  },
  {
    route: "POST /api/v1/auth/setup",
    expected: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 403],
    request: async ({ db, invitedUserId, now }) => ({
      method: "POST",
      url: "/api/v1/auth/setup",
      payload: {
        token: await db.transaction().execute((trx) => createSetupToken(trx, invitedUserId, now())),
        password: "a passphrase of the invited user",
      },
    }),
  },
  {
    route: "GET /api/v1/auth/me",
    expected: [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
    request: () => ({ method: "GET", url: "/api/v1/auth/me" }),
  },

  // Tokens are minted by a signed-in user only; a token manages its user's tokens only as far as
  // its role lets it do anything: a viewer token lists them, a CI token only pushes.
  {
    route: "POST /api/v1/tokens",
    expected: [401, 403, 403, 403, 403, 403, 403, 403, 403, 201, 403],
    request: ({ next }) => ({ method: "POST", url: "/api/v1/tokens", payload: { name: `minted-${next()}` } }),
  },
  {
    route: "GET /api/v1/tokens",
    expected: [401, 200, 200, 200, 403, 200, 200, 200, 403, 200, 200],
    request: () => ({ method: "GET", url: "/api/v1/tokens" }),
  },
  {
    // Each caller aims at a fresh token of its own user.
    route: "DELETE /api/v1/tokens/{id}",
    expected: [401, 204, 204, 403, 403, 204, 204, 403, 403, 204, 403],
    request: async (context, caller) => {
      const owner: Principal = {
        kind: "user",
        id: caller.userId,
        actor: caller.email,
        role: caller.role,
        projectIds: null,
        userId: caller.userId,
      };
      const { token } = await mintToken(context, owner, { name: `to-revoke-${context.next()}` });
      return { method: "DELETE", url: `/api/v1/tokens/${token.id}` };
    },
  },

  {
    route: "POST /api/v1/users",
    expected: ADMIN_WRITE(201),
    request: ({ next }) => ({
      method: "POST",
      url: "/api/v1/users",
      payload: { email: `new-${next()}@example.test`, role: "viewer" },
    }),
  },
  {
    route: "GET /api/v1/users",
    expected: ADMIN_READ,
    request: () => ({ method: "GET", url: "/api/v1/users" }),
  },
  {
    route: "PATCH /api/v1/users/{id}",
    expected: ADMIN_WRITE(200),
    request: ({ patchedUserId }) => ({
      method: "PATCH",
      url: `/api/v1/users/${patchedUserId}`,
      payload: { role: "viewer" },
    }),
  },

  {
    // Creating a project reaches beyond any project a token is scoped to.
    route: "POST /api/v1/projects",
    expected: [401, 201, 201, 403, 403, 403, 403, 403, 403, 201, 403],
    request: ({ next }) => ({
      method: "POST",
      url: "/api/v1/projects",
      payload: { name: `created-${next()}` },
    }),
  },
  {
    route: "GET /api/v1/projects",
    expected: READ_ANY,
    request: () => ({ method: "GET", url: "/api/v1/projects" }),
  },
  ...onBoth("GET /api/v1/projects/{project}", { A: READ_A, B: READ_B }, (_c, _caller, project) => ({
    method: "GET",
    url: path(project),
  })),
  ...onBoth("PATCH /api/v1/projects/{project}", { A: WRITE_A, B: WRITE_B }, ({ next }, _caller, project) => ({
    method: "PATCH",
    url: path(project),
    payload: { defaultBranch: `branch-${next()}` },
  })),

  ...onBoth(
    "POST /api/v1/projects/{project}/snapshots",
    { A: PUSH_A, B: PUSH_B },
    ({ next }, _caller, project) => ({
      method: "POST",
      url: path(project, "/snapshots"),
      payload: { files: UPLOAD, git: { branch: "main", commit: `commit-${next()}` } },
    }),
  ),
  ...onBoth("GET /api/v1/projects/{project}/snapshots", { A: READ_A, B: READ_B }, (_c, _caller, project) => ({
    method: "GET",
    url: path(project, "/snapshots"),
  })),
  ...onBoth(
    "GET /api/v1/projects/{project}/snapshots/{id}",
    { A: READ_A, B: READ_B },
    (_c, _caller, project) => ({ method: "GET", url: path(project, `/snapshots/${project.snapshotId}`) }),
  ),
  ...onBoth(
    "GET /api/v1/projects/{project}/snapshots/{id}/components",
    { A: READ_A, B: READ_B },
    (_c, _caller, project) => ({
      method: "GET",
      url: path(project, `/snapshots/${project.snapshotId}/components`),
    }),
  ),
  ...onBoth(
    "GET /api/v1/projects/{project}/snapshots/{id}/findings",
    { A: READ_A, B: READ_B },
    (_c, _caller, project) => ({
      method: "GET",
      url: path(project, `/snapshots/${project.snapshotId}/findings`),
    }),
  ),
  ...onBoth(
    "POST /api/v1/projects/{project}/triage",
    { A: withStatus(WRITE_A, 201), B: withStatus(WRITE_B, 201) },
    (_c, _caller, project) => ({
      method: "POST",
      url: path(project, "/triage"),
      payload: {
        vulnerability: "CVE-2023-31047",
        ecosystem: "pypi",
        package: "Django",
        state: "under_investigation",
        reason: "checking whether the admin is exposed",
      },
    }),
  ),
  ...onBoth("GET /api/v1/projects/{project}/triage", { A: READ_A, B: READ_B }, (_c, _caller, project) => ({
    method: "GET",
    url: path(project, "/triage"),
  })),
  ...onBoth(
    // Each caller aims at a fresh decision of its own.
    "DELETE /api/v1/projects/{project}/triage/{id}",
    { A: withStatus(WRITE_A, 204), B: withStatus(WRITE_B, 204) },
    async ({ db, now }, _caller, project) => {
      const id = uuidv7();
      await db
        .insertInto("triage_decisions")
        .values({
          id,
          project_id: project.id,
          vulnerability: "CVE-2023-31047",
          match_ids: ["CVE-2023-31047"],
          ecosystem: "pypi",
          package: "django",
          state: "under_investigation",
          reason: "to revoke",
          author: "admin",
          created_at: now(),
        })
        .execute();
      return { method: "DELETE", url: path(project, `/triage/${id}`) };
    },
  ),
  ...onBoth(
    "GET /api/v1/projects/{project}/snapshots/{id}/licenses",
    { A: READ_A, B: READ_B },
    (_c, _caller, project) => ({
      method: "GET",
      url: path(project, `/snapshots/${project.snapshotId}/licenses`),
    }),
  ),
  ...onBoth("GET /api/v1/projects/{project}/diff", { A: READ_A, B: READ_B }, (_c, _caller, project) => ({
    method: "GET",
    url: path(project, `/diff?from=${project.snapshotId}&to=${project.snapshotId}`),
  })),
  {
    route: "GET /api/v1/findings",
    expected: READ_ANY,
    request: () => ({ method: "GET", url: "/api/v1/findings?package=django" }),
  },
  {
    route: "GET /api/v1/policy",
    expected: [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
    request: () => ({ method: "GET", url: "/api/v1/policy" }),
  },
  {
    route: "PATCH /api/v1/policy",
    expected: ADMIN_WRITE(200),
    request: ({ next }) => ({
      method: "PATCH",
      url: "/api/v1/policy",
      payload: { licenses: { review: [`LicenseRef-${next()}`] } },
    }),
  },

  // Notification channels receive every project's findings: admins only, never a scoped token.
  {
    route: "POST /api/v1/notification-channels",
    expected: ADMIN_WRITE(201),
    request: ({ next }) => ({
      method: "POST",
      url: "/api/v1/notification-channels",
      payload: { name: `channel-${next()}`, kind: "slack", config: { url: "https://hooks.example.test/x" } },
    }),
  },
  {
    route: "GET /api/v1/notification-channels",
    expected: ADMIN_READ,
    request: () => ({ method: "GET", url: "/api/v1/notification-channels" }),
  },
  {
    route: "GET /api/v1/notification-channels/{id}",
    expected: ADMIN_READ,
    request: async (context) => ({
      method: "GET",
      url: `/api/v1/notification-channels/${await notificationChannel(context)}`,
    }),
  },
  {
    route: "PATCH /api/v1/notification-channels/{id}",
    expected: ADMIN_WRITE(200),
    request: async (context) => ({
      method: "PATCH",
      url: `/api/v1/notification-channels/${await notificationChannel(context)}`,
      payload: { enabled: false },
    }),
  },
  {
    // Each caller aims at a fresh channel of its own.
    route: "DELETE /api/v1/notification-channels/{id}",
    expected: ADMIN_WRITE(204),
    request: async (context) => ({
      method: "DELETE",
      url: `/api/v1/notification-channels/${await notificationChannel(context)}`,
    }),
  },
  {
    // The test message goes to a closed port: the request succeeds, reporting a failed delivery.
    route: "POST /api/v1/notification-channels/{id}/test",
    expected: ADMIN_WRITE(200),
    request: async (context) => ({
      method: "POST",
      url: `/api/v1/notification-channels/${await notificationChannel(context)}/test`,
    }),
  },
  {
    route: "GET /api/v1/notification-channels/{id}/deliveries",
    expected: ADMIN_READ,
    request: async (context) => ({
      method: "GET",
      url: `/api/v1/notification-channels/${await notificationChannel(context)}/deliveries`,
    }),
  },
  {
    route: "GET /api/v1/portfolio",
    expected: READ_ANY,
    request: () => ({ method: "GET", url: "/api/v1/portfolio" }),
  },
  {
    route: "GET /api/v1/advisory-data",
    expected: READ_ANY,
    request: () => ({ method: "GET", url: "/api/v1/advisory-data" }),
  },
  {
    route: "GET /api/v1/remediation",
    expected: READ_ANY,
    request: () => ({ method: "GET", url: "/api/v1/remediation" }),
  },

  {
    route: "GET /api/v1/teams",
    expected: READ_ANY,
    request: () => ({ method: "GET", url: "/api/v1/teams" }),
  },
  {
    route: "POST /api/v1/teams",
    expected: ADMIN_WRITE(201),
    request: ({ next }) => ({ method: "POST", url: "/api/v1/teams", payload: { name: `team-${next()}` } }),
  },
  // Each project's team: a token scoped to A sees A's team only.
  ...onBoth("GET /api/v1/teams/{team}", { A: READ_A, B: READ_B }, (_c, _caller, project) => ({
    method: "GET",
    url: `/api/v1/teams/${teamOf(project)}`,
  })),
  {
    route: "PATCH /api/v1/teams/{team}",
    expected: ADMIN_WRITE(200),
    request: async (context) => ({
      method: "PATCH",
      url: `/api/v1/teams/${await freshTeam(context)}`,
      payload: { name: `renamed-${context.next()}` },
    }),
  },
  {
    route: "DELETE /api/v1/teams/{team}",
    expected: ADMIN_WRITE(204),
    request: async (context) => ({ method: "DELETE", url: `/api/v1/teams/${await freshTeam(context)}` }),
  },
  {
    route: "PUT /api/v1/teams/{team}/members/{userId}",
    expected: ADMIN_WRITE(201),
    request: async (context) => ({
      method: "PUT",
      url: `/api/v1/teams/${await freshTeam(context)}/members/${context.patchedUserId}`,
    }),
  },
  {
    route: "DELETE /api/v1/teams/{team}/members/{userId}",
    expected: ADMIN_WRITE(204),
    request: async (context) => ({
      method: "DELETE",
      url: `/api/v1/teams/${await freshTeam(context, context.patchedUserId)}/members/${context.patchedUserId}`,
    }),
  },

  {
    route: "POST /api/v1/notification-rules",
    expected: ADMIN_WRITE(201),
    request: async (context) => ({
      method: "POST",
      url: "/api/v1/notification-rules",
      payload: {
        name: `rule-${context.next()}`,
        channelId: await notificationChannel(context),
        events: ["finding.new"],
      },
    }),
  },
  {
    route: "GET /api/v1/notification-rules",
    expected: ADMIN_READ,
    request: () => ({ method: "GET", url: "/api/v1/notification-rules" }),
  },
  {
    route: "DELETE /api/v1/notification-rules/{id}",
    expected: ADMIN_WRITE(204),
    request: async (context) => {
      const id = uuidv7();
      await context.db
        .insertInto("notification_rules")
        .values({
          id,
          name: `rule-${context.next()}`,
          channel_id: await notificationChannel(context),
          team_id: null,
          project_id: null,
          events: ["finding.new"],
          min_severity: "high",
          enabled: true,
          created_at: context.now(),
          created_by: "admin@example.test",
        })
        .execute();
      return { method: "DELETE", url: `/api/v1/notification-rules/${id}` };
    },
  },
  {
    route: "GET /api/v1/jobs",
    expected: ADMIN_READ,
    request: () => ({ method: "GET", url: "/api/v1/jobs" }),
  },
  {
    route: "POST /api/v1/jobs",
    expected: ADMIN_WRITE(202),
    request: () => ({ method: "POST", url: "/api/v1/jobs", payload: { kind: "maintenance.prune" } }),
  },
  {
    // Each caller aims at a job of its own (the admin may read any).
    route: "GET /api/v1/jobs/{id}",
    expected: ADMIN_READ,
    request: async ({ db, next }) => {
      const id = `matrix-job-${next()}`;
      await storeQueue(db).enqueue("maintenance.prune", null, { id });
      return { method: "GET", url: `/api/v1/jobs/${id}` };
    },
  },
  {
    route: "GET /api/v1/schedules",
    expected: ADMIN_READ,
    request: () => ({ method: "GET", url: "/api/v1/schedules" }),
  },
  {
    route: "PATCH /api/v1/schedules/{name}",
    expected: ADMIN_WRITE(200),
    request: async ({ db, next, now }) => {
      const name = `matrix-schedule-${next()}`;
      await saveSchedule(
        db,
        {
          name,
          cron: "0 3 * * *",
          timeZone: "UTC",
          kind: "maintenance.prune",
          payload: null,
          enabled: true,
        },
        now(),
      );
      return { method: "PATCH", url: `/api/v1/schedules/${name}`, payload: { enabled: false } };
    },
  },

  {
    route: "GET /api/v1/audit",
    expected: ADMIN_READ,
    request: () => ({ method: "GET", url: "/api/v1/audit" }),
  },
  {
    route: "GET /api/v1/audit/export",
    expected: ADMIN_READ,
    request: () => ({ method: "GET", url: "/api/v1/audit/export?format=csv" }),
  },
  {
    route: "GET /api/v1/audit/verify",
    expected: ADMIN_READ,
    request: () => ({ method: "GET", url: "/api/v1/audit/verify" }),
  },

  // Last: signing out ends the session of the "session" caller. It needs no credentials (a browser
  // with a stale cookie must be able to clear it) and does nothing for a token.
  {
    route: "POST /api/v1/auth/logout",
    expected: [204, 204, 204, 204, 204, 204, 204, 204, 204, 204, 403],
    request: () => ({ method: "POST", url: "/api/v1/auth/logout" }),
  },
];

/** The team owning a project of the matrix (made with the projects). */
function teamOf(project: ProjectFixture): string {
  return `team-of-${project.name.replace("/", "-")}`;
}

/** A new team, optionally with a member, for a row that changes or deletes one. */
async function freshTeam({ db, next, now }: Context, memberId?: string): Promise<string> {
  const name = `fresh-team-${next()}`;
  const id = uuidv7();
  await db.insertInto("teams").values({ id, name, created_at: now() }).execute();
  if (memberId)
    await db.insertInto("team_members").values({ team_id: id, user_id: memberId, added_at: now() }).execute();
  return name;
}

/** A webhook channel made in the store (not through the API), posting to a closed port. */
async function notificationChannel({ db, now, next }: Context): Promise<string> {
  const id = uuidv7();
  await db
    .insertInto("notification_channels")
    .values({
      id,
      name: `matrix-channel-${next()}`,
      kind: "webhook",
      config: JSON.stringify({ url: `${await closedPortUrl()}/hook` }),
      secret: "lkwhsec_matrix",
      created_at: now(),
      created_by: "admin@example.test",
      updated_at: now(),
    })
    .execute();
  return id;
}

/** The /api/v1 operations the app serves, from its API document (made from the registered routes). */
async function registeredRoutes(app: FastifyInstance): Promise<string[]> {
  const document = (await app.inject({ method: "GET", url: "/api/openapi.json" })).json() as {
    paths: Record<string, Record<string, unknown>>;
  };
  return Object.entries(document.paths).flatMap(([route, methods]) =>
    Object.keys(methods).map((method) => `${method.toUpperCase()} ${route}`),
  );
}

describe.each([pgliteStore, postgresStore])("the authorization matrix on $name", (store) => {
  const stores = storeTracker(store);
  afterEach(() => stores.cleanUp());

  it("gives every caller of every /api/v1 route the status it should get, and refusals change nothing", async () => {
    const { app, db, clock, errors } = await startedApp(() => stores.fresh());
    let counter = 0;
    const next = () => ++counter;

    // Every registered route has its row, and every row a registered route.
    const registered = await registeredRoutes(app);
    expect(registered.length).toBeGreaterThan(20);
    const covered = new Set(ROWS.map((row) => row.route));
    expect(
      registered.filter((route) => !covered.has(route)),
      "routes without a row in the matrix",
    ).toEqual([]);
    expect(
      [...covered].filter((route) => !registered.includes(route)),
      "rows of routes not registered",
    ).toEqual([]);

    // The callers, and two projects with a snapshot each.
    const admin = await createTestPrincipal(db, { role: "admin" });
    const projects = {} as Record<Subject, ProjectFixture>;
    for (const [subject, name] of [
      ["A", "acme/alpha"],
      ["B", "acme/bravo"],
    ] as const) {
      const created = await app.inject({
        method: "POST",
        url: "/api/v1/projects",
        headers: admin.headers,
        payload: { name },
      });
      const pushed = await app.inject({
        method: "POST",
        url: `/api/v1/projects/${encodeURIComponent(name)}/snapshots`,
        headers: admin.headers,
        payload: { files: UPLOAD, git: { branch: "main", commit: `first-${subject}` } },
      });
      expect([created.statusCode, pushed.statusCode], pushed.body).toEqual([201, 201]);
      projects[subject] = { name, id: created.json().id, snapshotId: pushed.json().snapshot.id };
      const team = { id: uuidv7(), name: teamOf(projects[subject]), created_at: clock.now() };
      await db.insertInto("teams").values(team).execute();
      await db
        .updateTable("projects")
        .set({ team_id: team.id })
        .where("id", "=", projects[subject].id)
        .execute();
    }
    const token = async (role: Role, scoped = false) => {
      const principal = await createTestPrincipal(db, {
        role,
        now: clock.now(),
        ...(scoped ? { projectIds: [projects.A.id] } : {}),
      });
      return { headers: principal.headers, userId: principal.userId, role, email: principal.email };
    };
    const session = await signIn(app, db, { role: "maintainer" });
    const other = await signIn(app, db, { role: "maintainer" });
    const callerFields: Record<CallerName, Omit<Caller, "name">> = {
      anonymous: { headers: {}, userId: admin.userId, role: "admin", email: admin.email },
      admin: { headers: admin.headers, userId: admin.userId, role: "admin", email: admin.email },
      maintainer: await token("maintainer"),
      viewer: await token("viewer"),
      ci: await token("ci"),
      adminA: await token("admin", true),
      maintainerA: await token("maintainer", true),
      viewerA: await token("viewer", true),
      ciA: await token("ci", true),
      session: { headers: session.headers, userId: session.userId, role: "maintainer", email: session.email },
      noCsrf: {
        headers: { cookie: other.cookie },
        userId: other.userId,
        role: "maintainer",
        email: other.email,
      },
    };
    const callers = CALLERS.map((name) => ({ name, ...callerFields[name] }));

    const loginUser = { email: "login@example.test", password: PASSWORD };
    await signIn(app, db, { role: "viewer", ...loginUser });
    const [invited, patched] = await Promise.all(
      ["invited", "patched"].map(async (who) =>
        db
          .insertInto("users")
          .values({ id: uuidv7(), email: `${who}@example.test`, role: "viewer" })
          .returning("id")
          .executeTakeFirstOrThrow(),
      ),
    );
    const context: Context = {
      db,
      app,
      now: clock.now,
      projects,
      loginUser,
      invitedUserId: (invited as { id: string }).id,
      patchedUserId: (patched as { id: string }).id,
      next,
    };

    const tables = await storeTables(db);
    expect(tables).toEqual(expect.arrayContaining(["projects", "users", "api_tokens", "audit_log"]));
    const mismatches: string[] = [];
    const changedByRefusals: string[] = [];
    for (const row of ROWS) {
      expect(row.expected, row.route).toHaveLength(CALLERS.length);
      const subject = row.subject === undefined ? projects.A : projects[row.subject];
      for (const [index, caller] of callers.entries()) {
        const request = await row.request(context, caller, subject);
        const expected = row.expected[index] as number;
        // The store before every request meant to be refused (one that is refused unexpectedly is a
        // mismatch anyway).
        const before = expected >= 400 ? await storeState(db, tables) : undefined;
        const response = await app.inject({
          ...request,
          headers: { ...(request.headers as Record<string, string>), ...caller.headers },
        });
        const label = `${row.route}${row.subject ? ` on ${row.subject}` : ""} as ${caller.name}`;
        if (response.statusCode !== expected) {
          mismatches.push(
            `${label}: ${response.statusCode}, expected ${expected} (${response.body.slice(0, 160)})`,
          );
        }
        if (before !== undefined && response.statusCode >= 400) {
          const after = await storeState(db, tables);
          for (const table of tables) {
            if (JSON.stringify(after[table]) !== JSON.stringify(before[table])) {
              changedByRefusals.push(`${label} (${response.statusCode}) changed ${table}`);
            }
          }
        }
      }
    }
    expect.soft(mismatches).toEqual([]);
    expect.soft(changedByRefusals).toEqual([]);
    expect(errors).toEqual([]);
    // Allowed requests did change the store, on the audited path.
    const verified = await app.inject({ method: "GET", url: "/api/v1/audit/verify", headers: admin.headers });
    expect(verified.json()).toMatchObject({ ok: true });
  }, 180_000);
});
