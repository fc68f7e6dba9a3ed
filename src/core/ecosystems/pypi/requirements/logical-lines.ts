/**
 * One line of a requirements file as pip sees it: physical lines ending in `\` joined, the
 * comment split off, and the number of the first physical line kept for messages.
 */
export interface LogicalLine {
  /** 1-based number of the first physical line. */
  line: number;
  /** Requirement or option text without the comment, trimmed; "" for comment-only lines. */
  text: string;
  /** Text after the `#` that starts the comment (untrimmed: pip-compile indents `# via` items). */
  comment?: string;
  /** Whether the first physical line starts with whitespace (pip-compile indents its annotations). */
  indented: boolean;
}

/**
 * Splits requirements text the way pip does (`req_file.join_lines` then `ignore_comments`):
 * a trailing `\` continues the line, except on a comment line, which always ends it; a `#`
 * starts a comment at the start of a line or after whitespace (so `#egg=` in a URL does not).
 * Blank lines are dropped.
 */
export function readLogicalLines(content: string): LogicalLine[] {
  const physical = content.split("\n");
  const result: LogicalLine[] = [];
  let pending: string[] = [];
  let pendingLine = 0;
  let pendingIndented = false;
  for (let [i, raw] of physical.entries()) {
    if (raw.endsWith("\r")) raw = raw.slice(0, -1);
    if (i === 0 && raw.charCodeAt(0) === 0xfeff) raw = raw.slice(1);
    const commentLine = isCommentLine(raw);
    if (!commentLine && raw.endsWith("\\")) {
      if (pending.length === 0) {
        pendingLine = i + 1;
        pendingIndented = startsWithSpace(raw);
      }
      pending.push(raw.slice(0, -1));
      continue;
    }
    if (pending.length > 0) {
      // pip prefixes a comment line that ends a continuation with a space so the comment is still found.
      pending.push(commentLine ? ` ${raw}` : raw);
      pushLine(result, pending.join(""), pendingLine, pendingIndented);
      pending = [];
    } else {
      pushLine(result, raw, i + 1, startsWithSpace(raw));
    }
  }
  if (pending.length > 0) pushLine(result, pending.join(""), pendingLine, pendingIndented);
  return result;
}

function pushLine(result: LogicalLine[], joined: string, line: number, indented: boolean): void {
  const hash = commentStart(joined);
  const text = (hash < 0 ? joined : joined.slice(0, hash)).trim();
  if (hash < 0) {
    if (text !== "") result.push({ line, text, indented });
    return;
  }
  result.push({ line, text, comment: joined.slice(hash + 1), indented });
}

/** Index of the `#` that starts a comment: at position 0 or after whitespace; -1 when none. */
function commentStart(text: string): number {
  let index = text.indexOf("#");
  while (index > 0) {
    const before = text.charCodeAt(index - 1);
    if (before === 32 || before === 9) return index;
    index = text.indexOf("#", index + 1);
  }
  return index;
}

/** pip's `COMMENT_RE.match`: the line is only whitespace and a comment. */
function isCommentLine(raw: string): boolean {
  let i = 0;
  while (i < raw.length && (raw.charCodeAt(i) === 32 || raw.charCodeAt(i) === 9)) i++;
  return raw.charCodeAt(i) === 35;
}

function startsWithSpace(raw: string): boolean {
  const first = raw.charCodeAt(0);
  return first === 32 || first === 9;
}
