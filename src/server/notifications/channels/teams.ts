import type { Severity } from "../events.js";
import { type MessageView, viewOf } from "../message-view.js";
import type { NotificationMessage } from "../messages.js";
import { escapeAdaptiveText } from "./escape.js";
import { postJson } from "./post-json.js";
import { fitEscaped, fitList, oneLine } from "./text.js";
import type { ChannelTarget, SendOnce } from "./types.js";

/**
 * Teams takes messages up to about 28 KB; with these caps a card stays well under it whatever the
 * data (30 items of at most 400 characters).
 */
export const TEAMS_LIMITS = { listItems: 30, itemText: 400, paragraphText: 2000 } as const;

/** Adaptive Cards 1.4: what Teams renders on desktop, web and mobile, and Workflows accepts. */
const CARD_VERSION = "1.4";

interface TextRun {
  type: "TextRun";
  text: string;
  weight?: "Bolder";
  size?: "Small" | "Medium" | "Large";
  color?: "Attention" | "Warning" | "Good";
  isSubtle?: boolean;
}

interface RichTextBlock {
  type: "RichTextBlock";
  inlines: TextRun[];
  spacing?: "None" | "Small" | "Medium";
  separator?: boolean;
}

export interface TeamsPayload {
  type: "message";
  attachments: [
    {
      contentType: "application/vnd.microsoft.card.adaptive";
      contentUrl: null;
      content: {
        $schema: "http://adaptivecards.io/schemas/adaptive-card.json";
        type: "AdaptiveCard";
        version: string;
        msteams: { width: "Full" };
        body: RichTextBlock[];
      };
    },
  ];
}

/**
 * The envelope Teams incoming webhooks and Workflows' "when a Teams webhook request is received"
 * flows take: a `message` with one Adaptive Card attachment. All text, ours and the data's, is in
 * `TextRun`s of `RichTextBlock`s: runs are not read as Markdown (TextBlocks and FactSets are, in
 * Teams), so a package name cannot format or link; `escapeAdaptiveText` disarms `{{DATE()}}`.
 */
export function teamsPayload(
  message: NotificationMessage,
  view: MessageView = viewOf(message),
): TeamsPayload {
  const run = (text: string, style: Omit<TextRun, "type" | "text"> = {}): TextRun => ({
    type: "TextRun",
    text: fitEscaped(oneLine(text), TEAMS_LIMITS.paragraphText, escapeAdaptiveText),
    ...style,
  });
  const body: RichTextBlock[] = [
    {
      type: "RichTextBlock",
      inlines: [run(view.title, { weight: "Bolder", size: "Medium", ...severityColor(view.severity) })],
    },
    ...view.paragraphs.map(
      (paragraph): RichTextBlock => ({ type: "RichTextBlock", inlines: [run(paragraph)] }),
    ),
    ...view.facts.map(
      ([label, value]): RichTextBlock => ({
        type: "RichTextBlock",
        spacing: "None",
        // oneLine trims each run: the space between label and value is added after it.
        inlines: [run(`${label}:`, { weight: "Bolder" }), { ...run(value), text: ` ${run(value).text}` }],
      }),
    ),
  ];
  if (view.list && view.list.items.length > 0) {
    body.push({
      type: "RichTextBlock",
      separator: true,
      inlines: [run(`${view.list.heading} (${view.list.items.length})`, { weight: "Bolder" })],
    });
    const items = view.list.items.map((item) =>
      fitEscaped(oneLine(item), TEAMS_LIMITS.itemText, escapeAdaptiveText),
    );
    const more = (count: number) => `…and ${count} more`;
    const { kept, omitted } = fitList(items, {
      budget: Number.POSITIVE_INFINITY,
      maxItems: TEAMS_LIMITS.listItems,
      separator: "",
      more,
    });
    // Items are escaped and fitted already: set as they are.
    const lines = [...kept.map((item) => `• ${item}`), ...(omitted > 0 ? [more(omitted)] : [])];
    for (const line of lines) {
      body.push({ type: "RichTextBlock", spacing: "None", inlines: [{ type: "TextRun", text: line }] });
    }
  }
  body.push({
    type: "RichTextBlock",
    inlines: [{ type: "TextRun", text: `Lockkeeper · ${message.kind}`, size: "Small", isSubtle: true }],
  });
  return {
    type: "message",
    attachments: [
      {
        contentType: "application/vnd.microsoft.card.adaptive",
        contentUrl: null,
        content: {
          $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
          type: "AdaptiveCard",
          version: CARD_VERSION,
          msteams: { width: "Full" },
          body,
        },
      },
    ],
  };
}

function severityColor(severity: Severity | null): Pick<TextRun, "color"> {
  if (severity === "critical" || severity === "high") return { color: "Attention" };
  if (severity === "medium") return { color: "Warning" };
  return {};
}

export const sendTeams: SendOnce<Extract<ChannelTarget, { kind: "teams" }>> = (target, message, context) =>
  postJson(target.config.url, JSON.stringify(teamsPayload(message)), {}, context);
