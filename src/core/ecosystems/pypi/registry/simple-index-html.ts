import type { RawIndexFile } from "./simple-index.js";

/** What a PEP 503 page says: its file anchors, a `<base href>` and PEP 629's version meta tag. */
export interface HtmlIndexPage {
  anchors: RawIndexFile[];
  baseHref?: string;
  repositoryVersion?: string;
}

// A start tag whose attribute values may contain `>` when quoted.
const TAG = /<(a|base|meta)\b((?:[^>"']|"[^"]*"|'[^']*')*)>/gi;
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

/**
 * Reads the anchors of a Simple Repository HTML page. Only start tags matter (PEP 503 puts
 * everything in attributes), so this is a tag scanner rather than an HTML parser; comments are
 * removed first so commented-out links are not read. The file name is left to the URL.
 */
export function readHtmlAnchors(html: string): HtmlIndexPage {
  const page: HtmlIndexPage = { anchors: [] };
  for (const match of html.replace(/<!--[\s\S]*?-->/g, "").matchAll(TAG)) {
    const tag = (match[1] ?? "").toLowerCase();
    const attributes = readAttributes(match[2] ?? "");
    if (tag === "base") {
      page.baseHref ??= attributes.get("href");
    } else if (tag === "meta") {
      if (attributes.get("name") === "pypi:repository-version") {
        page.repositoryVersion = attributes.get("content");
      }
    } else {
      const href = attributes.get("href");
      if (!href) continue;
      const anchor: RawIndexFile = { filename: "", href, hashes: {} };
      const requiresPython = attributes.get("data-requires-python");
      if (requiresPython) anchor.requiresPython = requiresPython;
      // PEP 592: the attribute's presence yanks the file; its value, when not empty, is the reason.
      const yanked = attributes.get("data-yanked");
      if (yanked !== undefined) anchor.yanked = yanked.trim() === "" ? true : yanked;
      page.anchors.push(anchor);
    }
  }
  return page;
}

/** Attribute names lower-cased (HTML is case-insensitive there), values unescaped. */
function readAttributes(text: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const match of text.matchAll(ATTRIBUTE)) {
    const name = (match[1] ?? "").toLowerCase();
    if (attributes.has(name)) continue; // HTML keeps the first of duplicate attributes
    attributes.set(name, decodeEntities(match[2] ?? match[3] ?? match[4] ?? ""));
  }
  return attributes;
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: "\u00a0",
};

/** The character references indexes use in attributes (`&gt;=3.8`, `&#62;`, `&#x3e;`). */
export function decodeEntities(text: string): string {
  return text.replace(/&(#[0-9]+|#x[0-9a-f]+|[a-z]+);/gi, (whole, body: string) => {
    if (body[0] === "#") {
      const code =
        body[1] === "x" || body[1] === "X" ? Number.parseInt(body.slice(2), 16) : Number(body.slice(1));
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? whole;
  });
}
