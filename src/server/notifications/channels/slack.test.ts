import { afterEach, describe, expect, it } from "vitest";
import { HOSTILE, hostileFinding, widespreadFinding } from "../../test-support/notification-fixtures.js";
import { startWebhookReceiver, type WebhookReceiver } from "../../test-support/webhook-receiver.js";
import { groupEvents } from "../grouping.js";
import { channelHttpClient } from "./post-json.js";
import { SLACK_LIMITS, type SlackPayload, sendSlack, slackPayload } from "./slack.js";

type AnyBlock = SlackPayload["blocks"][number] & Record<string, unknown>;
type Text = { type: string; text: string; verbatim?: boolean };

/** Every text object of a payload, with the block it is in. */
function texts(payload: SlackPayload): { block: string; text: Text }[] {
  return payload.blocks.flatMap((block: AnyBlock) => {
    const found = [
      ...(block.text ? [block.text as Text] : []),
      ...((block.fields as Text[] | undefined) ?? []),
      ...((block.elements as Text[] | undefined) ?? []),
    ];
    return found.map((text) => ({ block: block.type, text }));
  });
}

const receivers: WebhookReceiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
});

describe("Slack-compatible channel", () => {
  it("sends text and blocks: a header, the summary, fields, the list cut at 30 lines with 'and N more', a context", () => {
    const payload = slackPayload(widespreadFinding(100));
    expect(payload.text).toBe("New high vulnerability CVE-2020-8203 in 100 projects of team payments");
    expect(payload.blocks.map((block) => block.type)).toEqual([
      "header",
      "section",
      "section",
      "section",
      "context",
    ]);
    expect(payload.blocks[0]).toEqual({
      type: "header",
      text: { type: "plain_text", text: payload.text, emoji: false },
    });
    expect(payload.blocks[1]).toEqual({
      type: "section",
      text: { type: "mrkdwn", text: "Prototype pollution in lodash", verbatim: true },
    });
    expect((payload.blocks[2] as AnyBlock).fields).toEqual([
      { type: "mrkdwn", text: "*Severity*\nhigh", verbatim: true },
      { type: "mrkdwn", text: "*Aliases*\nGHSA-p6mc-m468-83gw", verbatim: true },
      { type: "mrkdwn", text: "*Projects*\n100", verbatim: true },
      { type: "mrkdwn", text: "*Fixed in*\n4.17.19", verbatim: true },
    ]);
    const list = ((payload.blocks[3] as AnyBlock).text as Text).text.split("\n");
    expect(list[0]).toBe("*Affected* (100)");
    expect(list[1]).toBe("• service-001 (main): lodash 4.17.15 (npm) (fix: 4.17.19)");
    expect(list).toHaveLength(1 + SLACK_LIMITS.listItems + 1);
    expect(list.at(-1)).toBe("…and 70 more");
    expect(payload.blocks[4]).toEqual({
      type: "context",
      elements: [{ type: "mrkdwn", text: "Lockkeeper · finding.new", verbatim: true }],
    });
  });

  it("keeps within Slack's limits whatever the data's length", () => {
    const [message] = groupEvents([
      {
        kind: "policy.violation",
        project: "p".repeat(400),
        branch: "main",
        snapshotId: "s",
        verdict: "failed",
        failOn: "high",
        counts: { high: 1 },
        licenseViolations: Array.from({ length: 200 }, (_, i) => ({
          package: { ecosystem: "npm", name: `${"&".repeat(300)}-${i}`, version: "1.0.0" },
          license: "GPL-3.0-only",
        })),
      },
    ]);
    const payload = slackPayload(message as NonNullable<typeof message>);
    expect(payload.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    for (const { block, text } of texts(payload)) {
      const limit = block === "header" ? SLACK_LIMITS.headerText : SLACK_LIMITS.sectionText;
      expect(text.text.length, block).toBeLessThanOrEqual(limit);
      expect(text.text.replace(/&(amp|lt|gt);/g, ""), "no entity cut in half").not.toContain("&");
    }
    const fields = (payload.blocks.find((block: AnyBlock) => block.fields) as AnyBlock).fields as Text[];
    expect(fields.length).toBeLessThanOrEqual(SLACK_LIMITS.fields);
    for (const field of fields) expect(field.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fieldText);
    expect(payload.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
    const list = texts(payload).find(({ text }) => text.text.startsWith("*Denied licences*"))?.text.text;
    expect(list).toMatch(/\n…and \d+ more$/);
    // Cut items keep as much as fits: a long name is shortened, not dropped.
    expect(list?.split("\n")[1]).toMatch(/^• (&amp;){99}…$/);
  });

  it("escapes data so it cannot mention, link or break lines, and turns off automatic links", () => {
    const payload = slackPayload(hostileFinding());
    const json = JSON.stringify(payload);
    expect(json).not.toContain("<!channel>");
    expect(json).not.toContain("<https://");
    expect(json).not.toContain("<script>");
    expect(json).not.toMatch(/[<>]/);
    expect(json).toContain("&lt;!channel&gt; *evil* _x_ &lt;https://evil.example|click&gt; &amp; {{DATE(");
    const summary = (payload.blocks[1] as AnyBlock).text as Text;
    expect(summary.text).toBe(
      "Harmless Bcc: victim@example.com - [click](https://evil.example) &lt;img src=x onerror=alert(1)&gt; &lt;script&gt;alert('x')&lt;/script&gt;",
    );
    // The right-to-left override is shown, not obeyed.
    expect(json).toContain("web\\\\u202egnp.exe");
    expect(json).not.toContain(HOSTILE.project);
    for (const { text } of texts(payload)) if (text.type === "mrkdwn") expect(text.verbatim).toBe(true);
  });

  it("posts the payload as JSON to the webhook URL", async () => {
    const receiver = await startWebhookReceiver();
    receivers.push(receiver);
    const message = widespreadFinding(2);
    const outcome = await sendSlack(
      { id: "c", name: "slack", kind: "slack", config: { url: receiver.url } },
      message,
      {
        deliveryId: "d",
        now: () => new Date(),
        http: channelHttpClient(),
      },
    );
    expect(outcome).toMatchObject({ ok: true, status: 200 });
    expect(receiver.received[0]?.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(receiver.received[0]?.body ?? "")).toEqual(slackPayload(message));
  });
});
