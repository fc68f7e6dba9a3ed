/**
 * Escaping of untrusted text (package and project names, advisory summaries, licences) for each
 * format a channel speaks, so data can neither format nor link nor mention.
 */

/**
 * Slack's text objects (mrkdwn and plain_text): `&`, `<` and `>` are its control characters
 * (`<!channel>`, `<https://…|label>`, `<@U123>`), so they must be entities; Slack decodes only these
 * three, so nothing else is encoded.
 */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** HTML text and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/**
 * Adaptive Card text of a `TextRun`: runs take no Markdown (unlike `TextBlock` and facts, which
 * Teams renders as Markdown, and which this channel therefore never fills with data), and HTML is
 * not rendered in cards. What remains interpreted are the `{{DATE(…)}}` and `{{TIME(…)}}`
 * functions: a zero-width space between the braces keeps data from calling them.
 */
export function escapeAdaptiveText(text: string): string {
  return text.replace(/\{\{/g, "{\u200b{").replace(/\}\}/g, "}\u200b}");
}
