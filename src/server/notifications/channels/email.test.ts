import { afterEach, describe, expect, it } from "vitest";
import { closedPortUrl } from "../../../core/ecosystems/registry/test-support/fake-registry.js";
import type { SmtpConfig } from "../../config.js";
import { findingEvent, hostileFinding, widespreadFinding } from "../../test-support/notification-fixtures.js";
import { type SmtpCatcher, startSmtpCatcher } from "../../test-support/smtp-catcher.js";
import { groupEvents } from "../grouping.js";
import type { NotificationMessage } from "../messages.js";
import { EMAIL_LIMITS, sendEmail } from "./email.js";
import { type MailSender, smtpMailSender } from "./mail-sender.js";
import { channelHttpClient } from "./post-json.js";
import type { ChannelTarget, SendContext } from "./types.js";

const catchers: SmtpCatcher[] = [];
const senders: MailSender[] = [];
afterEach(async () => {
  for (const sender of senders.splice(0)) sender.close();
  await Promise.all(catchers.splice(0).map((catcher) => catcher.close()));
});

const target: ChannelTarget = {
  id: "c",
  name: "security mail",
  kind: "email",
  config: { recipients: ["sec@example.test", "oncall@example.test"] },
};

async function setUp(
  options: { auth?: { user: string; pass: string }; login?: { user: string; pass: string } } = {},
) {
  const catcher = await startSmtpCatcher(options.auth ? { auth: options.auth } : {});
  catchers.push(catcher);
  const config: SmtpConfig = {
    host: catcher.host,
    port: catcher.port,
    secure: false,
    from: "Lockkeeper <lockkeeper@example.test>",
    ...(options.login ? { auth: options.login } : {}),
  };
  const mail = smtpMailSender(config, { timeoutMs: 5_000 });
  senders.push(mail);
  const context: SendContext = {
    deliveryId: "delivery-1",
    now: () => new Date(),
    http: channelHttpClient(),
    mail,
  };
  return { catcher, context };
}

describe("e-mail channel", () => {
  it("sends one e-mail with a summarising subject, and the same content as plain text and HTML", async () => {
    const { catcher, context } = await setUp();
    const outcome = await sendEmail(target, widespreadFinding(3), context);
    expect(outcome).toMatchObject({ ok: true, status: 250, retryable: false });
    expect(catcher.mails).toHaveLength(1);
    const [caught] = catcher.mails;
    expect(caught?.from).toBe("lockkeeper@example.test");
    expect(caught?.to).toEqual(["sec@example.test", "oncall@example.test"]);
    const mail = caught?.mail;
    expect(mail?.subject).toBe(
      "[Lockkeeper] New high vulnerability CVE-2020-8203 in 3 projects of team payments",
    );
    expect(mail?.headers.get("content-type")).toMatch(/^multipart\/alternative/);
    expect(mail?.headers.get("lockkeeper-event")).toBe("finding.new");
    expect(mail?.headers.get("lockkeeper-delivery")).toBe("delivery-1");
    expect(mail?.text).toBe(
      [
        "New high vulnerability CVE-2020-8203 in 3 projects of team payments",
        "",
        "Prototype pollution in lodash",
        "",
        "Severity: high",
        "Aliases: GHSA-p6mc-m468-83gw",
        "Projects: 3",
        "Fixed in: 4.17.19",
        "",
        "Affected (3)",
        "- service-001 (main): lodash 4.17.15 (npm) (fix: 4.17.19)",
        "- service-002 (main): lodash 4.17.15 (npm) (fix: 4.17.19)",
        "- service-003 (main): lodash 4.17.15 (npm) (fix: 4.17.19)",
        "",
        "-- ",
        "Sent by Lockkeeper (finding.new).",
        "",
      ].join("\n"),
    );
    expect(mail?.html).toContain(
      '<h2 style="margin: 0 0 12px">New high vulnerability CVE-2020-8203 in 3 projects of team payments</h2>',
    );
    expect(mail?.html).toContain(
      '<tr><th style="text-align: left; padding-right: 12px">Fixed in</th><td>4.17.19</td></tr>',
    );
    expect(mail?.html).toContain("<li>service-002 (main): lodash 4.17.15 (npm) (fix: 4.17.19)</li>");
  });

  it("escapes data in the HTML and keeps it on one line, so it adds neither markup nor headers", async () => {
    const { catcher, context } = await setUp();
    expect((await sendEmail(target, hostileFinding(), context)).ok).toBe(true);
    const caught = catcher.mails[0];
    const html = caught?.mail.html ?? "";
    expect(html).not.toMatch(/<script|<img|<https/);
    expect(html).toContain(
      "&lt;img src=x onerror=alert(1)&gt; &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;",
    );
    expect(html).toContain("&lt;!channel&gt; *evil* _x_ &lt;https://evil.example|click&gt; &amp; {{DATE(");
    expect(caught?.mail.headers.has("bcc")).toBe(false);
    expect(caught?.raw).not.toMatch(/^Bcc:/im);
    expect(caught?.mail.text).toContain("Harmless Bcc: victim@example.com - [click](https://evil.example)");
    expect(caught?.mail.text).toContain("web\\u202egnp.exe");
    expect(caught?.to).toEqual(["sec@example.test", "oncall@example.test"]);

    // A project named to end the subject and start a header stays in the subject.
    const [message] = groupEvents([findingEvent({ team: null, project: "evil\r\nBcc: victim@example.com" })]);
    await sendEmail(target, message as NotificationMessage, context);
    const second = catcher.mails[1];
    expect(second?.mail.subject).toBe(
      "[Lockkeeper] New high vulnerability CVE-2020-8203 in evil Bcc: victim@example.com",
    );
    expect(second?.mail.headers.has("bcc")).toBe(false);
    expect(second?.to).toEqual(["sec@example.test", "oncall@example.test"]);
  });

  it("lists at most 500 lines, then 'and N more'", async () => {
    const { catcher, context } = await setUp();
    await sendEmail(target, widespreadFinding(EMAIL_LIMITS.listItems + 20), context);
    const text = catcher.mails[0]?.mail.text ?? "";
    expect(text.split("\n").filter((line) => line.startsWith("- service-"))).toHaveLength(
      EMAIL_LIMITS.listItems,
    );
    expect(text).toContain("\n…and 20 more\n");
  });

  it("signs in with AUTH when configured, and a refused login is not retried", async () => {
    const auth = { user: "lockkeeper", pass: "smtp-s3cret" };
    const good = await setUp({ auth, login: auth });
    expect((await sendEmail(target, widespreadFinding(1), good.context)).ok).toBe(true);
    expect(good.catcher.logins).toEqual(["lockkeeper"]);

    const bad = await setUp({ auth, login: { user: "lockkeeper", pass: "wrong-password" } });
    const outcome = await sendEmail(target, widespreadFinding(1), bad.context);
    expect(outcome).toMatchObject({ ok: false, retryable: false, status: 535 });
    expect(outcome.error).not.toContain("wrong-password");
    expect(bad.catcher.mails).toHaveLength(0);
  });

  it("retries a 4xx reply or a refused connection, not a 5xx reply", async () => {
    const { catcher, context } = await setUp();
    catcher.failNext(1, 451);
    catcher.failNext(1, 550);
    expect(await sendEmail(target, widespreadFinding(1), context)).toMatchObject({
      ok: false,
      status: 451,
      retryable: true,
      error: expect.stringMatching(/^SMTP 451: .*failing on purpose with 451/),
    });
    expect(await sendEmail(target, widespreadFinding(1), context)).toMatchObject({
      ok: false,
      status: 550,
      retryable: false,
    });

    const closed = new URL(await closedPortUrl());
    const nowhere = smtpMailSender(
      { host: closed.hostname, port: Number(closed.port), secure: false, from: "lk@example.test" },
      { timeoutMs: 2_000 },
    );
    senders.push(nowhere);
    expect(await sendEmail(target, widespreadFinding(1), { ...context, mail: nowhere })).toMatchObject({
      ok: false,
      retryable: true,
      error: expect.stringMatching(/^(ESOCKET|ECONNECTION): .*ECONNREFUSED/),
    });
  });

  it("fails without retrying when the server has no SMTP configuration", async () => {
    const { context } = await setUp();
    const { mail: _none, ...withoutMail } = context;
    expect(await sendEmail(target, widespreadFinding(1), withoutMail)).toMatchObject({
      ok: false,
      retryable: false,
      error: expect.stringContaining("LK_SMTP_URL"),
    });
  });
});
