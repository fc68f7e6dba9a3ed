import { afterEach, describe, expect, it } from "vitest";
import { hostileFinding, widespreadFinding } from "../../test-support/notification-fixtures.js";
import { startWebhookReceiver, type WebhookReceiver } from "../../test-support/webhook-receiver.js";
import { channelHttpClient } from "./post-json.js";
import { sendTeams, TEAMS_LIMITS, teamsPayload } from "./teams.js";

const receivers: WebhookReceiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
});

/** The card's lines: each RichTextBlock's runs joined. */
function lines(payload: ReturnType<typeof teamsPayload>): string[] {
  return payload.attachments[0].content.body.map((block) => block.inlines.map((run) => run.text).join(""));
}

describe("Microsoft Teams-compatible channel", () => {
  it("sends one Adaptive Card in the message envelope Teams webhooks and Workflows take", () => {
    const payload = teamsPayload(widespreadFinding(3));
    expect(payload).toMatchObject({
      type: "message",
      attachments: [
        {
          contentType: "application/vnd.microsoft.card.adaptive",
          contentUrl: null,
          content: {
            $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
            type: "AdaptiveCard",
            version: "1.4",
            msteams: { width: "Full" },
          },
        },
      ],
    });
    expect(payload.attachments).toHaveLength(1);
    const { body } = payload.attachments[0].content;
    // Only rich text runs, never Markdown-reading TextBlocks or FactSets.
    expect(new Set(body.map((block) => block.type))).toEqual(new Set(["RichTextBlock"]));
    expect(new Set(body.flatMap((block) => block.inlines.map((run) => run.type)))).toEqual(
      new Set(["TextRun"]),
    );
    expect(body[0]?.inlines[0]).toEqual({
      type: "TextRun",
      text: "New high vulnerability CVE-2020-8203 in 3 projects of team payments",
      weight: "Bolder",
      size: "Medium",
      color: "Attention",
    });
    expect(lines(payload)).toEqual([
      "New high vulnerability CVE-2020-8203 in 3 projects of team payments",
      "Prototype pollution in lodash",
      "Severity: high",
      "Aliases: GHSA-p6mc-m468-83gw",
      "Projects: 3",
      "Fixed in: 4.17.19",
      "Affected (3)",
      "• service-001 (main): lodash 4.17.15 (npm) (fix: 4.17.19)",
      "• service-002 (main): lodash 4.17.15 (npm) (fix: 4.17.19)",
      "• service-003 (main): lodash 4.17.15 (npm) (fix: 4.17.19)",
      "Lockkeeper · finding.new",
    ]);
  });

  it("cuts long lists with 'and N more' and stays far below Teams' 28 KB", () => {
    const payload = teamsPayload(widespreadFinding(400));
    const shown = lines(payload).filter((line) => line.startsWith("• "));
    expect(shown).toHaveLength(TEAMS_LIMITS.listItems);
    expect(lines(payload)).toContain("…and 370 more");
    expect(Buffer.byteLength(JSON.stringify(payload))).toBeLessThan(20_000);
  });

  it("keeps data from formatting, linking, calling date functions or breaking lines", () => {
    const payload = teamsPayload(hostileFinding());
    const text = lines(payload).join("\n");
    expect(text).not.toContain("{{DATE(");
    expect(text).toContain("{\u200b{DATE(2017-02-14T06:08:00Z, SHORT)}\u200b}");
    expect(text).toContain("Harmless Bcc: victim@example.com - [click](https://evil.example)");
    expect(text).toContain("web\\u202egnp.exe");
    for (const block of payload.attachments[0].content.body) {
      for (const run of block.inlines) expect(run.text).not.toMatch(/[\n\r\u202e]/);
    }
  });

  it("posts the card to the webhook URL; Workflows' 202 counts as delivered", async () => {
    const receiver = await startWebhookReceiver({ status: 202 });
    receivers.push(receiver);
    const message = widespreadFinding(2);
    const outcome = await sendTeams(
      { id: "c", name: "teams", kind: "teams", config: { url: receiver.url } },
      message,
      {
        deliveryId: "d",
        now: () => new Date(),
        http: channelHttpClient(),
      },
    );
    expect(outcome).toMatchObject({ ok: true, status: 202 });
    expect(JSON.parse(receiver.received[0]?.body ?? "")).toEqual(teamsPayload(message));
  });
});
