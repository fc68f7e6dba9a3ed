import * as z from "zod";
import { LockkeeperError } from "../../../errors.js";
import { type DistributionKind, versionFromFilename } from "./distribution-filename.js";
import { readHtmlAnchors } from "./simple-index-html.js";

/** PEP 691's JSON form of the Simple Repository API. */
export const SIMPLE_JSON_TYPE = "application/vnd.pypi.simple.v1+json";

/** The JSON form first, then the HTML forms (PEP 691's versioned one, then PEP 503's plain one). */
export const SIMPLE_ACCEPT =
  "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.1";

/** One distribution file of a project as the index lists it. */
export interface IndexFile {
  filename: string;
  /** Absolute, without fragment and without credentials. */
  url: string;
  kind: DistributionKind;
  /** Canonical PEP 440 version read from the file name. */
  version: string;
  /** Hash name (lower case) → hex digest: `{ sha256: "…" }`. */
  hashes: Record<string, string>;
  requiresPython?: string;
  /** PEP 592: the reason, or true when yanked without one. */
  yanked?: string | true;
  /** PEP 700 (JSON form only): ISO 8601. */
  uploadTime?: string;
}

/** A file the page listed that is not used, and why. */
export interface SkippedFile {
  filename: string;
  reason: string;
}

/** A project page of the Simple Repository API, whichever form it came in. */
export interface SimpleProjectPage {
  files: IndexFile[];
  /** PEP 700: every version of the project, including ones without files; JSON form only. */
  versions?: string[];
  /** Entries that are not wheels or sdists of the project, or whose version is not PEP 440. */
  skipped: SkippedFile[];
}

/** A file entry before its name is checked, shared by both forms. */
export interface RawIndexFile {
  filename: string;
  href: string;
  hashes: Record<string, string>;
  requiresPython?: string;
  yanked?: string | true;
  uploadTime?: string;
}

/**
 * Parses a project page in the form its content type names: PEP 691 JSON, else PEP 503/592
 * HTML. `pageUrl` (without credentials) resolves relative file URLs; `project` is the name asked
 * for, so files of other projects and files with non-PEP 440 versions are skipped and reported.
 */
export function parseSimplePage(
  body: Uint8Array | string,
  contentType: string | undefined,
  pageUrl: string,
  project: string,
): SimpleProjectPage {
  const text = typeof body === "string" ? body : Buffer.from(body).toString("utf8");
  const type = (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  // Without a content type, a body that starts like a JSON object is taken as the JSON form.
  const isJson = type ? type.endsWith("+json") || type === "application/json" : /^\s*\{/.test(text);
  if (isJson) return parseSimpleJson(parseJsonText(text, pageUrl), pageUrl, project);
  return parseSimpleHtml(text, pageUrl, project);
}

const fileSchema = z.looseObject({
  filename: z.string().min(1),
  url: z.string().min(1),
  hashes: z.record(z.string(), z.string()).optional(),
  "requires-python": z.string().nullish(),
  yanked: z.union([z.boolean(), z.string()]).nullish(),
  "upload-time": z.string().nullish(),
});

const pageSchema = z.looseObject({
  meta: z.looseObject({ "api-version": z.string().optional() }).optional(),
  files: z.array(z.unknown()),
  versions: z.array(z.string()).optional(),
});

/** PEP 691 JSON (with PEP 700's `versions` and `upload-time` when the index sends them). */
export function parseSimpleJson(json: unknown, pageUrl: string, project: string): SimpleProjectPage {
  const page = pageSchema.safeParse(json);
  if (!page.success) {
    throw new LockkeeperError(
      "UNKNOWN_FORMAT",
      `the package index sent a JSON page without a files list for ${pageUrl}`,
    );
  }
  checkApiVersion(page.data.meta?.["api-version"], pageUrl);
  const raw: RawIndexFile[] = [];
  const skipped: SkippedFile[] = [];
  for (const entry of page.data.files) {
    const file = fileSchema.safeParse(entry);
    if (!file.success) {
      const filename = (entry as { filename?: unknown } | null)?.filename;
      skipped.push({
        filename: typeof filename === "string" ? filename : "(unnamed)",
        reason: `not a file entry: ${file.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}`,
      });
      continue;
    }
    const { filename, url, hashes, yanked } = file.data;
    raw.push({
      filename,
      href: url,
      hashes: hashes ?? {},
      requiresPython: file.data["requires-python"] ?? undefined,
      // PEP 691: false, true, or a non-empty reason; an empty reason still means yanked.
      yanked: yanked === true || yanked === "" ? true : yanked || undefined,
      uploadTime: file.data["upload-time"] ?? undefined,
    });
  }
  const result = resolveFiles(raw, pageUrl, project);
  result.skipped.unshift(...skipped);
  if (page.data.versions) result.versions = page.data.versions;
  return result;
}

/** PEP 503 HTML with PEP 592's `data-yanked` and `data-requires-python`. */
export function parseSimpleHtml(html: string, pageUrl: string, project: string): SimpleProjectPage {
  const { anchors, baseHref, repositoryVersion } = readHtmlAnchors(html);
  checkApiVersion(repositoryVersion, pageUrl);
  const base = baseHref ? (safeUrl(baseHref, pageUrl) ?? pageUrl) : pageUrl;
  return resolveFiles(anchors, base, project);
}

/** Resolves URLs, reads hashes from fragments and versions from file names. */
function resolveFiles(raw: readonly RawIndexFile[], baseUrl: string, project: string): SimpleProjectPage {
  const files: IndexFile[] = [];
  const skipped: SkippedFile[] = [];
  for (const entry of raw) {
    const resolved = safeUrl(entry.href, baseUrl);
    const fallbackName = entry.filename || entry.href;
    if (!resolved) {
      skipped.push({ filename: fallbackName, reason: `"${entry.href}" is not a URL` });
      continue;
    }
    const url = new URL(resolved);
    const hashes = { ...entry.hashes, ...fragmentHash(url.hash) };
    url.hash = "";
    url.username = "";
    url.password = "";
    const filename = entry.filename || lastPathSegment(url);
    const named = versionFromFilename(filename, project);
    if (!named.ok) {
      skipped.push({ filename, reason: named.reason });
      continue;
    }
    const file: IndexFile = {
      filename,
      url: url.toString(),
      kind: named.kind,
      version: named.version,
      hashes: lowerCaseHashes(hashes),
    };
    const requiresPython = entry.requiresPython?.trim();
    if (requiresPython) file.requiresPython = requiresPython;
    if (entry.yanked !== undefined) file.yanked = entry.yanked;
    if (entry.uploadTime) file.uploadTime = entry.uploadTime;
    files.push(file);
  }
  return { files, skipped };
}

/** PEP 629: a client must refuse a major version of the API it does not know. */
function checkApiVersion(version: string | undefined, pageUrl: string): void {
  const major = version ? Number.parseInt(version, 10) : 1;
  if (major > 1) {
    throw new LockkeeperError(
      "UNKNOWN_FORMAT",
      `the package index at ${pageUrl} speaks version ${version} of the Simple Repository API; Lockkeeper reads version 1`,
    );
  }
}

// pip reads these hash names from `#<name>=<hex>` fragments.
const FRAGMENT_HASH = /^#?(sha512|sha384|sha256|sha224|sha1|md5)=([0-9a-f]+)$/i;

function fragmentHash(fragment: string): Record<string, string> {
  const match = FRAGMENT_HASH.exec(fragment);
  return match?.[1] && match[2] ? { [match[1]]: match[2] } : {};
}

function lowerCaseHashes(hashes: Record<string, string>): Record<string, string> {
  const lower: Record<string, string> = {};
  for (const [name, digest] of Object.entries(hashes)) lower[name.toLowerCase()] = digest.toLowerCase();
  return lower;
}

function lastPathSegment(url: URL): string {
  const segment = url.pathname.split("/").pop() ?? "";
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function safeUrl(href: string, base: string): string | undefined {
  try {
    return new URL(href, base).toString();
  } catch {
    return undefined;
  }
}

function parseJsonText(text: string, pageUrl: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new LockkeeperError(
      "UNKNOWN_FORMAT",
      `the package index sent a JSON page that does not parse for ${pageUrl}`,
    );
  }
}
