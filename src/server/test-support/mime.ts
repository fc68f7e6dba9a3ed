/**
 * Just enough MIME to read what nodemailer sends (no mail parser is installed): headers (unfolded,
 * RFC 2047 words decoded), multipart bodies, quoted-printable and base64 parts in UTF-8.
 */
export interface MimePart {
  /** Lower-case names; the last value of a repeated header. */
  headers: Map<string, string>;
  /** The decoded body of a leaf part; "" for a multipart one. */
  body: string;
  parts: MimePart[];
}

export interface ParsedMail {
  headers: Map<string, string>;
  subject: string;
  /** The text/plain and text/html alternatives, decoded. */
  text: string | undefined;
  html: string | undefined;
}

export function parseMail(raw: string): ParsedMail {
  const root = parsePart(raw.replace(/\r\n/g, "\n"));
  const leaves = flatten(root);
  const ofType = (type: string) =>
    leaves.find((part) => (part.headers.get("content-type") ?? "text/plain").startsWith(type))?.body;
  return {
    headers: root.headers,
    subject: root.headers.get("subject") ?? "",
    text: ofType("text/plain"),
    html: ofType("text/html"),
  };
}

function parsePart(text: string): MimePart {
  const split = text.indexOf("\n\n");
  const head = split < 0 ? text : text.slice(0, split);
  const body = split < 0 ? "" : text.slice(split + 2);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\n[ \t]+/g, " ").split("\n")) {
    const colon = line.indexOf(":");
    if (colon > 0)
      headers.set(line.slice(0, colon).trim().toLowerCase(), decodeWords(line.slice(colon + 1).trim()));
  }
  const type = headers.get("content-type") ?? "text/plain";
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (type.startsWith("multipart/") && boundary) {
    const sections = body.split(`--${boundary}`).slice(1);
    const parts = sections
      .filter((section) => !section.startsWith("--"))
      .map((section) => parsePart(section.replace(/^\n/, "")));
    return { headers, body: "", parts };
  }
  return { headers, body: decodeBody(body, headers.get("content-transfer-encoding")), parts: [] };
}

function flatten(part: MimePart): MimePart[] {
  return part.parts.length === 0 ? [part] : part.parts.flatMap(flatten);
}

function decodeBody(body: string, encoding = "7bit"): string {
  switch (encoding.toLowerCase()) {
    case "base64":
      return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
    case "quoted-printable":
      return decodeQuotedPrintable(body.replace(/\n$/, ""));
    default:
      return body.replace(/\n$/, "");
  }
}

function decodeQuotedPrintable(text: string): string {
  const bytes: number[] = [];
  const unfolded = text.replace(/=\n/g, ""); // soft line breaks
  for (let i = 0; i < unfolded.length; i++) {
    const ch = unfolded[i] as string;
    if (ch === "=" && /^[0-9A-Fa-f]{2}$/.test(unfolded.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(unfolded.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(ch, "utf8"));
    }
  }
  return Buffer.from(bytes).toString("utf8");
}

/** `=?UTF-8?Q?…?=` and `=?UTF-8?B?…?=` words; the space between two adjacent words goes (RFC 2047 §6.2). */
function decodeWords(value: string): string {
  return value
    .replace(/(\?=)\s+(=\?)/g, "$1$2")
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_word, _charset: string, kind: string, data: string) =>
      kind.toUpperCase() === "B"
        ? Buffer.from(data, "base64").toString("utf8")
        : decodeQuotedPrintable(data.replace(/_/g, " ")),
    );
}
