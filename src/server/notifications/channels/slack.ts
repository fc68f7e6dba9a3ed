import { type MessageView, viewOf } from "../message-view.js";
import type { NotificationMessage } from "../messages.js";
import { escapeSlack } from "./escape.js";
import { postJson } from "./post-json.js";
import { fitEscaped, fitList, oneLine } from "./text.js";
import type { ChannelTarget, SendOnce } from "./types.js";

/**
 * Slack's documented limits (Block Kit reference): a header's plain_text 150 characters, a
 * section's text 3,000, at most 10 fields of 2,000 each, 50 blocks a message. The top-level `text`
 * is the notification's and screen readers' fallback; Slack truncates it at 40,000, and this
 * keeps it to one line.
 */
export const SLACK_LIMITS = {
  headerText: 150,
  sectionText: 3000,
  fields: 10,
  fieldText: 2000,
  blocks: 50,
  fallbackText: 3000,
  /** Items of a list shown before "and N more": a notification, not a report. */
  listItems: 30,
} as const;

type TextObject = { type: "mrkdwn" | "plain_text"; text: string; verbatim?: boolean; emoji?: boolean };
type Block =
  | { type: "header"; text: TextObject }
  | { type: "section"; text?: TextObject; fields?: TextObject[] }
  | { type: "context"; elements: TextObject[] }
  | { type: "divider" };

export interface SlackPayload {
  text: string;
  blocks: Block[];
}

/**
 * `text` and `blocks` of an incoming webhook. Every piece of data is escaped (`&<>`), and every
 * mrkdwn object is `verbatim`, so Slack does not turn URLs or #channel names in data into links;
 * the *bold* labels are the only markup, and they are ours.
 */
export function slackPayload(
  message: NotificationMessage,
  view: MessageView = viewOf(message),
): SlackPayload {
  const mrkdwn = (text: string): TextObject => ({ type: "mrkdwn", text, verbatim: true });
  const title = oneLine(view.title);
  const blocks: Block[] = [
    {
      type: "header",
      text: {
        type: "plain_text",
        text: fitEscaped(title, SLACK_LIMITS.headerText, escapeSlack),
        emoji: false,
      },
    },
  ];
  if (view.paragraphs.length > 0) {
    const paragraphs = view.paragraphs.map((paragraph) => oneLine(paragraph)).join("\n\n");
    blocks.push({
      type: "section",
      text: mrkdwn(fitEscaped(paragraphs, SLACK_LIMITS.sectionText, escapeSlack)),
    });
  }
  if (view.facts.length > 0) {
    blocks.push({
      type: "section",
      fields: view.facts.slice(0, SLACK_LIMITS.fields).map(([label, value]) => {
        const heading = `*${escapeSlack(oneLine(label))}*\n`;
        return mrkdwn(
          heading + fitEscaped(oneLine(value), SLACK_LIMITS.fieldText - heading.length, escapeSlack),
        );
      }),
    });
  }
  if (view.list && view.list.items.length > 0) {
    const heading = `*${escapeSlack(oneLine(view.list.heading))}* (${view.list.items.length})`;
    const more = (count: number) => `…and ${count} more`;
    const { kept, omitted } = fitList(
      view.list.items.map((item) => `• ${fitEscaped(oneLine(item), 500, escapeSlack)}`),
      {
        budget: SLACK_LIMITS.sectionText - heading.length - 1,
        maxItems: SLACK_LIMITS.listItems,
        separator: "\n",
        more,
      },
    );
    const lines = [heading, ...kept, ...(omitted > 0 ? [more(omitted)] : [])];
    blocks.push({ type: "section", text: mrkdwn(lines.join("\n")) });
  }
  blocks.push({
    type: "context",
    elements: [mrkdwn(`Lockkeeper · ${escapeSlack(message.kind)}`)],
  });
  return { text: fitEscaped(title, SLACK_LIMITS.fallbackText, escapeSlack), blocks };
}

export const sendSlack: SendOnce<Extract<ChannelTarget, { kind: "slack" }>> = (target, message, context) =>
  postJson(target.config.url, JSON.stringify(slackPayload(message)), {}, context);
