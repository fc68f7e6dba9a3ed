import { PassThrough } from "node:stream";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { expectAuditLogClean, startedApp } from "../test-support/auth-app.js";
import { documentedNodeVerifier, type SignatureVerifier } from "../test-support/documented-verifiers.js";
import { createTestPrincipal } from "../test-support/principals.js";
import { type SmtpCatcher, startSmtpCatcher } from "../test-support/smtp-catcher.js";
import { pgliteStore, postgresStore, storeTracker } from "../test-support/stores.js";
import { startWebhookReceiver, type WebhookReceiver } from "../test-support/webhook-receiver.js";
import { type MailSender, smtpMailSender } from "./channels/mail-sender.js";
import type { WebhookBody } from "./channels/webhook.js";

let verify: SignatureVerifier;
beforeAll(async () => {
  verify = await documentedNodeVerifier();
});

describe.each([pgliteStore, postgresStore])("notification channel routes on $name", (store) => {
  const stores = storeTracker(store);
  const receivers: WebhookReceiver[] = [];
  const catchers: SmtpCatcher[] = [];
  const senders: MailSender[] = [];
  afterEach(async () => {
    for (const sender of senders.splice(0)) sender.close();
    await Promise.all([
      ...receivers.splice(0).map((receiver) => receiver.close()),
      ...catchers.splice(0).map((catcher) => catcher.close()),
    ]);
    await stores.cleanUp();
  });

  async function setUp() {
    const catcher = await startSmtpCatcher();
    catchers.push(catcher);
    const mail = smtpMailSender(
      { host: catcher.host, port: catcher.port, secure: false, from: "lockkeeper@example.test" },
      { timeoutMs: 5_000 },
    );
    senders.push(mail);
    const logs = new PassThrough();
    const logText: string[] = [];
    logs.on("data", (chunk: Buffer) => logText.push(chunk.toString("utf8")));
    const started = await startedApp(() => stores.fresh(), {
      notifications: { mail },
      log: { level: "trace", stream: logs },
    });
    const admin = await createTestPrincipal(started.db, { role: "admin" });
    const call = (method: "GET" | "POST" | "PATCH" | "DELETE", url: string, payload?: object) =>
      started.app.inject({ method, url, headers: admin.headers, ...(payload ? { payload } : {}) });
    return { ...started, admin, call, catcher, logs: () => logText.join("") };
  }

  it("creates a webhook channel showing its secret once, sends a signed test message, logs deliveries, rotates the secret, and never lets the secret out", async () => {
    const { call, db, errors, logs, clock } = await setUp();
    // The receiver checks signatures with whatever secret the channel has now.
    let secret = "";
    const receiver = await startWebhookReceiver({ verify: (header, raw) => verify(secret, header, raw) });
    receivers.push(receiver);

    const created = await call("POST", "/api/v1/notification-channels", {
      name: "security-hook",
      kind: "webhook",
      config: { url: `${receiver.url}?token=in-the-url` },
    });
    expect(created.statusCode, created.body).toBe(201);
    const channel = created.json();
    secret = channel.secret;
    expect(secret).toMatch(/^lkwhsec_/);
    expect(created.headers.location).toBe(`/api/v1/notification-channels/${channel.id}`);
    expect(channel).toMatchObject({
      name: "security-hook",
      kind: "webhook",
      config: { url: `${new URL(receiver.url).origin}/…` },
      enabled: true,
      createdBy: expect.stringMatching(/^token:/),
    });

    // Shown once: reads never have it.
    const read = await call("GET", `/api/v1/notification-channels/${channel.id}`);
    expect(read.json()).toEqual(
      Object.fromEntries(Object.entries(channel).filter(([key]) => key !== "secret")),
    );
    const list = await call("GET", "/api/v1/notification-channels");
    expect(list.json()).toEqual({ items: [read.json()], nextCursor: null });
    expect(`${read.body}${list.body}`).not.toContain(secret);

    const tested = await call("POST", `/api/v1/notification-channels/${channel.id}/test`);
    expect(tested.statusCode, tested.body).toBe(200);
    expect(tested.json()).toMatchObject({
      deliveryId: expect.any(String),
      outcome: { ok: true, status: 200, error: null, retryable: false, durationMs: expect.any(Number) },
    });
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]?.verified).toBe(true);
    const body = JSON.parse(receiver.received[0]?.body ?? "") as WebhookBody;
    expect(body).toMatchObject({
      id: tested.json().deliveryId,
      event: "test",
      message: { kind: "test", channel: "security-hook", requestedBy: expect.stringMatching(/^token:/) },
    });

    // A refusal is reported, and logged: one attempt, not retried from the settings. (The test
    // clock moves so that the log's UUIDv7 ids, made from it, order the attempts.)
    clock.advance(1000);
    receiver.failNext(1, { status: 410 });
    const refused = await call("POST", `/api/v1/notification-channels/${channel.id}/test`);
    expect(refused.json().outcome).toEqual({
      ok: false,
      status: 410,
      error: "HTTP 410: failing on purpose",
      retryable: false,
      durationMs: expect.any(Number),
    });
    const deliveries = await call("GET", `/api/v1/notification-channels/${channel.id}/deliveries?limit=1`);
    expect(deliveries.json().items).toEqual([
      {
        id: expect.any(String),
        deliveryId: refused.json().deliveryId,
        eventKind: "test",
        messageKey: expect.stringMatching(/^test:installation:/),
        attempt: 1,
        status: "failed",
        responseCode: 410,
        error: "HTTP 410: failing on purpose",
        durationMs: expect.any(Number),
        createdAt: "2026-03-02T09:00:01.000Z",
      },
    ]);
    const older = await call(
      "GET",
      `/api/v1/notification-channels/${channel.id}/deliveries?cursor=${deliveries.json().nextCursor}`,
    );
    expect(older.json()).toMatchObject({
      items: [{ deliveryId: tested.json().deliveryId, status: "delivered", responseCode: 200 }],
      nextCursor: null,
    });

    // A new secret, shown once; deliveries are signed with it.
    const rotated = await call("PATCH", `/api/v1/notification-channels/${channel.id}`, {
      rotateSecret: true,
    });
    expect(rotated.statusCode, rotated.body).toBe(200);
    const oldSecret = secret;
    secret = rotated.json().secret;
    expect(secret).toMatch(/^lkwhsec_/);
    expect(secret).not.toBe(oldSecret);
    expect((await call("POST", `/api/v1/notification-channels/${channel.id}/test`)).json().outcome.ok).toBe(
      true,
    );
    expect(receiver.received.at(-1)?.verified).toBe(true);
    expect(
      verify(
        oldSecret,
        String(receiver.received.at(-1)?.headers["lockkeeper-signature"]),
        receiver.received.at(-1)?.body ?? "",
      ),
    ).toBe(false);

    const changed = await call("PATCH", `/api/v1/notification-channels/${channel.id}`, {
      name: "security-hook-2",
      enabled: false,
    });
    expect(changed.json()).toMatchObject({ name: "security-hook-2", enabled: false });
    expect(changed.json().secret).toBeUndefined();

    const actions = await db
      .selectFrom("audit_log")
      .select(["action", "subject_id", "before", "after"])
      .where("subject_type", "=", "notification_channel")
      .orderBy("seq")
      .execute();
    expect(actions.map((entry) => entry.action)).toEqual([
      "notification_channel.create",
      "notification_channel.update",
      "notification_channel.update",
    ]);
    expect(actions[0]?.after).toMatchObject({ name: "security-hook", secret: "[redacted]" });
    expect(actions[1]?.after).toMatchObject({ secret: "[redacted] (rotated)" });
    await expectAuditLogClean(db, [oldSecret, secret, "in-the-url"]);
    expect(logs()).not.toContain(oldSecret);
    expect(logs()).not.toContain(secret);
    expect(errors).toEqual([]);
  });

  it("creates Slack, Teams and e-mail channels whose test messages reach their receivers, and hides webhook URLs", async () => {
    const { call, catcher, db, errors, clock } = await setUp();
    const slack = await startWebhookReceiver();
    const teams = await startWebhookReceiver({ status: 202 });
    receivers.push(slack, teams);
    const slackUrl = `${slack.url}/services/T000/B000/XXXXSECRETPATH`;

    const made = [];
    for (const payload of [
      { name: "slack", kind: "slack", config: { url: slackUrl } },
      { name: "teams", kind: "teams", config: { url: teams.url } },
      { name: "mail", kind: "email", config: { recipients: ["sec@example.test"] } },
    ]) {
      // Lists page in the order of the ids, made from the (test) clock.
      clock.advance(1000);
      made.push(await call("POST", "/api/v1/notification-channels", payload));
    }
    expect(made.map((response) => response.statusCode)).toEqual([201, 201, 201]);
    for (const response of made) expect(response.json().secret).toBeUndefined();
    expect(made[0]?.json().config).toEqual({ url: `${new URL(slack.url).origin}/…` });
    expect(made[2]?.json().config).toEqual({ recipients: ["sec@example.test"] });

    for (const response of made) {
      const tested = await call("POST", `/api/v1/notification-channels/${response.json().id}/test`);
      expect(tested.json().outcome, response.json().name).toMatchObject({ ok: true });
    }
    expect(JSON.parse(slack.received[0]?.body ?? "").text).toBe("Test message from Lockkeeper to slack");
    expect(JSON.parse(teams.received[0]?.body ?? "").attachments[0].contentType).toBe(
      "application/vnd.microsoft.card.adaptive",
    );
    expect(catcher.mails[0]?.mail.subject).toBe("[Lockkeeper] Test message from Lockkeeper to mail");
    expect(catcher.mails[0]?.to).toEqual(["sec@example.test"]);

    const list = await call("GET", "/api/v1/notification-channels?limit=2");
    expect(list.json().items.map((item: { name: string }) => item.name)).toEqual(["slack", "teams"]);
    const rest = await call("GET", `/api/v1/notification-channels?limit=2&cursor=${list.json().nextCursor}`);
    expect(rest.json()).toMatchObject({ items: [{ name: "mail" }], nextCursor: null });
    expect(`${list.body}${rest.body}`).not.toContain("XXXXSECRETPATH");
    await expectAuditLogClean(db, ["XXXXSECRETPATH"]);
    expect(errors).toEqual([]);
  });

  it("refuses bodies that are not exactly right, taken names, configs of another kind, and unknown channels", async () => {
    const { call, errors } = await setUp();
    const create = (payload: object) => call("POST", "/api/v1/notification-channels", payload);
    const hook = await create({
      name: "hook",
      kind: "webhook",
      config: { url: "https://example.test/hook" },
    });
    expect(hook.statusCode).toBe(201);
    const id = hook.json().id;

    const refusals = await Promise.all([
      create({ name: "x", kind: "pager", config: { url: "https://example.test" } }),
      create({ name: "x", kind: "webhook", config: { recipients: ["a@example.test"] } }),
      create({ name: "x", kind: "email", config: { recipients: ["not an address"] } }),
      create({ name: "x", kind: "slack", config: { url: "file:///etc/passwd" } }),
      create({ name: "x", kind: "slack", config: { url: "https://example.test" }, secret: "mine" }),
      create({ name: "", kind: "slack", config: { url: "https://example.test" } }),
      call("PATCH", `/api/v1/notification-channels/${id}`, {}),
      call("PATCH", `/api/v1/notification-channels/${id}`, { kind: "slack" }),
    ]);
    expect(refusals.map((response) => response.statusCode)).toEqual(Array(8).fill(400));
    expect(refusals[1]?.json().detail).toMatch(/config must have required property 'url'/);
    for (const response of refusals)
      expect(response.headers["content-type"]).toMatch(/^application\/problem\+json/);

    expect(
      (await create({ name: "hook", kind: "slack", config: { url: "https://example.test" } })).statusCode,
    ).toBe(409);
    const other = await create({ name: "other", kind: "email", config: { recipients: ["a@example.test"] } });
    expect(
      (await call("PATCH", `/api/v1/notification-channels/${other.json().id}`, { name: "hook" })).statusCode,
    ).toBe(409);
    const wrongKind = await call("PATCH", `/api/v1/notification-channels/${other.json().id}`, {
      config: { url: "https://example.test" },
    });
    expect([wrongKind.statusCode, wrongKind.json().detail]).toEqual([
      400,
      "the config of a email channel is { recipients }",
    ]);
    expect(
      (await call("PATCH", `/api/v1/notification-channels/${other.json().id}`, { rotateSecret: true }))
        .statusCode,
    ).toBe(400);

    const missing = "0193f0c2-0000-7000-8000-000000000000";
    for (const [method, url] of [
      ["GET", `/api/v1/notification-channels/${missing}`],
      ["PATCH", `/api/v1/notification-channels/${missing}`],
      ["DELETE", `/api/v1/notification-channels/${missing}`],
      ["POST", `/api/v1/notification-channels/${missing}/test`],
      ["GET", `/api/v1/notification-channels/${missing}/deliveries`],
    ] as const) {
      const response = await call(method, url, method === "PATCH" ? { enabled: true } : undefined);
      expect(response.statusCode, `${method} ${url}`).toBe(404);
    }

    expect((await call("DELETE", `/api/v1/notification-channels/${id}`)).statusCode).toBe(204);
    expect((await call("GET", `/api/v1/notification-channels/${id}`)).statusCode).toBe(404);
    expect(errors).toEqual([]);
  });

  it("refuses e-mail channels on a server without SMTP configuration", async () => {
    const { app, db } = await startedApp(() => stores.fresh());
    const admin = await createTestPrincipal(db, { role: "admin" });
    const response = await app.inject({
      method: "POST",
      url: "/api/v1/notification-channels",
      headers: admin.headers,
      payload: { name: "mail", kind: "email", config: { recipients: ["a@example.test"] } },
    });
    expect([response.statusCode, response.json().detail]).toEqual([
      409,
      "e-mail channels need the server's SMTP configuration (LK_SMTP_URL or LK_SMTP_HOST, and LK_SMTP_FROM)",
    ]);
  });
});
