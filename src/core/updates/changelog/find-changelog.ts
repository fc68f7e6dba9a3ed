import type { ArchiveLimits } from "./archive-limits.js";
import { codeFenceMask } from "./headings.js";
import { readTarFiles } from "./tar-reader.js";
import { readZipFiles } from "./zip-reader.js";

export type ChangelogFormat = "markdown" | "rst";

/** The changelog found in a published archive. */
export interface ArchiveChangelog {
  /** The entry's path inside the archive (`package/CHANGELOG.md`). */
  path: string;
  /** UTF-8 text without a byte-order mark, with `\n` line ends. */
  text: string;
  /** From the extension; sniffed from the text for `.txt` and extension-less names. */
  format: ChangelogFormat;
}

/** Preference order of base names and extensions (earlier wins). */
const NAMES = ["changelog", "changes", "history", "news", "releases"];
const EXTENSIONS = [".md", ".markdown", ".rst", ".txt", ""];
const ROOT_NAME = /^(changelog|changes|history|news|releases)(\.md|\.markdown|\.rst|\.txt)?$/i;
/** Used only when the package root has no changelog: some projects keep it with their docs. */
const DOCS_NAME = /^docs\/(changelog|changes|history)(\.md|\.rst)$/i;

/**
 * Picks the changelog among an archive's file paths: only at the package root (the single top
 * folder every entry shares — `package/` in npm tarballs, `<name>-<version>/` in sdists — or the
 * archive root otherwise), names case-insensitive CHANGELOG > CHANGES > HISTORY > NEWS >
 * RELEASES, extensions .md > .markdown > .rst > .txt > none; `docs/changelog.md` and the like
 * as a fallback. Undefined when there is none.
 */
export function pickChangelogPath(paths: readonly string[]): string | undefined {
  return pickUnder(paths, packageRoot(paths));
}

function pickUnder(paths: readonly string[], root: string): string | undefined {
  let best: { path: string; rank: number } | undefined;
  for (const path of paths) {
    if (!path.startsWith(root)) continue;
    const rank = changelogRank(path.slice(root.length));
    if (rank !== undefined && (best === undefined || rank < best.rank)) best = { path, rank };
  }
  return best?.path;
}

/**
 * The changelog of a published package archive (`tgz`: npm tarball or sdist; `zip`: wheel or
 * zipped sdist), read in memory within `limits`; undefined when the archive has none. Throws a
 * PARSE error for an unreadable or oversized archive.
 */
export function changelogFromArchive(
  bytes: Uint8Array,
  kind: "tgz" | "zip",
  limits?: ArchiveLimits,
): ArchiveChangelog | undefined {
  const seen: string[] = [];
  // The root is only known once every path has been seen: keep anything that could be a
  // changelog at the archive root or one folder down.
  const wanted = (path: string): boolean => {
    seen.push(path);
    const slash = path.indexOf("/");
    return (
      changelogRank(path) !== undefined || (slash >= 0 && changelogRank(path.slice(slash + 1)) !== undefined)
    );
  };
  const files = kind === "tgz" ? readTarFiles(bytes, wanted, limits) : readZipFiles(bytes, wanted, limits);
  const path = pickUnder([...files.keys()], packageRoot(seen));
  const content = path === undefined ? undefined : files.get(path);
  if (path === undefined || content === undefined) return undefined;
  const text = new TextDecoder("utf-8").decode(content).replace(/\r\n?/g, "\n");
  return { path, text, format: formatOf(path, text) };
}

/**
 * Markdown or reStructuredText, from the extension, or for `.txt` and no extension from the
 * text: ATX headings only exist in Markdown; overlined titles, adornments other than `=` and `-`,
 * directives and ``literals`` only in reST. Setext-looking titles read the same either way.
 */
export function formatOf(path: string, text: string): ChangelogFormat {
  const lower = path.toLowerCase();
  if (lower.endsWith(".md") || lower.endsWith(".markdown")) return "markdown";
  if (lower.endsWith(".rst")) return "rst";
  const lines = text.split("\n");
  const inCode = codeFenceMask(lines);
  for (const [i, line] of lines.entries()) {
    // Checked before the fence mask: a `~~~` right under a line of text is an underline, not a fence.
    const previous = lines[i - 1];
    const underlinesText = previous !== undefined && !inCode[i - 1] && /\S/.test(previous);
    if (underlinesText && /^([~^+*#"':.])\1{2,}\s*$/.test(line)) return "rst";
    if (inCode[i]) continue;
    if (/^ {0,3}#{1,6}[ \t]+\S/.test(line)) return "markdown";
    if (/^\.\. [\w-]+::/.test(line) || /``[^`]+``/.test(line)) return "rst";
  }
  return "markdown";
}

/** The folder all paths share (`package/`), or "" when they do not share exactly one. */
function packageRoot(paths: readonly string[]): string {
  let top: string | undefined;
  for (const path of paths) {
    const slash = path.indexOf("/");
    if (slash < 0) return "";
    const folder = path.slice(0, slash + 1);
    if (top === undefined) top = folder;
    else if (top !== folder) return "";
  }
  return top ?? "";
}

/** Lower is better; undefined for a path that is not a changelog. */
function changelogRank(relativePath: string): number | undefined {
  const root = ROOT_NAME.exec(relativePath);
  const docs = root ? null : DOCS_NAME.exec(relativePath);
  const [, written, extensionWritten = ""] = root ?? docs ?? [];
  if (written === undefined) return undefined;
  const name = NAMES.indexOf(written.toLowerCase());
  const extension = EXTENSIONS.indexOf(extensionWritten.toLowerCase());
  return (docs ? 100 : 0) + name * EXTENSIONS.length + extension;
}
