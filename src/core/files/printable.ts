/**
 * Control characters (C0 but line feed, DEL, C1) and the bidirectional overrides of "Trojan
 * Source": bytes of a hostile or binary file quoted in a message would otherwise reach the user's
 * terminal, which acts on escape sequences (clear the screen, retitle the window, hide text).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding these characters is the point.
const UNPRINTABLE = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Text safe to print: each such character as a visible escape (`\x1b`, `\u0000`-style), line feeds kept. */
export function printable(text: string): string {
  UNPRINTABLE.lastIndex = 0;
  if (!UNPRINTABLE.test(text)) return text;
  return text.replace(UNPRINTABLE, (ch) => {
    const code = ch.charCodeAt(0);
    if (ch === "\t") return "\\t";
    if (ch === "\r") return "\\r";
    return code <= 0xff
      ? `\\x${code.toString(16).padStart(2, "0")}`
      : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}
