import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import type { FastifyInstance, FastifyRequest } from "fastify";
import * as z from "zod";
import { HttpProblem } from "../problem.js";

/** What one push may send. Every limit is checked before anything is parsed or stored. */
export interface UploadLimits {
  /** Bytes on the wire (compressed, when gzip): Fastify refuses more with 413. */
  compressedBytes: number;
  /** Bytes after gunzip: a small gzip bomb must not expand into the server's memory. */
  decompressedBytes: number;
  /** Nesting of the JSON body: parsers and validators recurse, a hostile body must not overflow them. */
  maxDepth: number;
  /** Files in one lockfile upload (a monorepo has dozens, never thousands). */
  maxFiles: number;
}

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = {
  compressedBytes: 50 * 1024 * 1024,
  decompressedBytes: 256 * 1024 * 1024,
  maxDepth: 256,
  maxFiles: 2000,
};

export const FILES_MEDIA_TYPE = "application/json";
export const CYCLONEDX_MEDIA_TYPE = "application/vnd.cyclonedx+json";
export const SPDX_MEDIA_TYPE = "application/spdx+json";
const MEDIA_TYPES = [FILES_MEDIA_TYPE, CYCLONEDX_MEDIA_TYPE, SPDX_MEDIA_TYPE];

/** A push body as the content-type parser leaves it: the media type and the decoded text. */
export interface RawUpload {
  mediaType: string;
  text: string;
}

export interface UploadedFile {
  /** Relative to the project root, forward slashes, validated (no `..`, no absolute path). */
  path: string;
  content: string;
}

export interface GitMetadata {
  branch?: string;
  commit?: string;
  author?: string;
  ciUrl?: string;
}

export interface Upload {
  kind: "lockfiles" | "cyclonedx" | "spdx";
  files: UploadedFile[];
  git: GitMetadata;
}

const gunzipAsync = promisify(gunzip);

/**
 * The push route's body parsing, in the route's own scope: the three media types only (anything
 * else is 415 from Fastify), the compressed size capped by Fastify's body limit, gzip bodies
 * (`Content-Encoding: gzip`) inflated with a cap on the output, the text checked as UTF-8 and for
 * nesting depth. The body reaches the route as a RawUpload.
 */
export function addUploadParser(scope: FastifyInstance, limits: UploadLimits): void {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser(
    MEDIA_TYPES,
    { parseAs: "buffer", bodyLimit: limits.compressedBytes },
    async (request: FastifyRequest, body: Buffer): Promise<RawUpload> => {
      const mediaType = (request.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
      const bytes = await decoded(body, request.headers["content-encoding"], limits);
      const text = utf8(bytes);
      checkDepth(text, limits.maxDepth);
      return { mediaType, text };
    },
  );
}

async function decoded(body: Buffer, encoding: string | undefined, limits: UploadLimits): Promise<Buffer> {
  const coding = (encoding ?? "identity").trim().toLowerCase();
  if (coding === "identity" || coding === "") return body;
  if (coding !== "gzip" && coding !== "x-gzip") {
    throw new HttpProblem(415, `Content-Encoding ${coding} is not supported; send gzip or no encoding`);
  }
  try {
    return await gunzipAsync(body, { maxOutputLength: limits.decompressedBytes });
  } catch (error: unknown) {
    if ((error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") {
      throw new HttpProblem(413, `the body inflates to more than ${limits.decompressedBytes} bytes`);
    }
    throw new HttpProblem(400, `the body is not valid gzip: ${(error as Error).message}`);
  }
}

const utf8Decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

function utf8(bytes: Buffer): string {
  try {
    return utf8Decoder.decode(bytes);
  } catch {
    throw new HttpProblem(400, "the body is not valid UTF-8");
  }
}

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Refuses JSON nested deeper than `maxDepth` before anything parses it: JSON.parse copes, but the
 * parsers, validators and serialisers after it recurse. One pass over the text, strings skipped.
 */
function checkDepth(text: string, maxDepth: number): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === BACKSLASH) i++;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) inString = true;
    else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      if (++depth > maxDepth)
        throw new HttpProblem(400, `the JSON body is nested more than ${maxDepth} levels deep`);
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) depth--;
  }
}

/**
 * C0 and C1 controls, DEL and the bidirectional overrides of "Trojan Source": never in a path, a
 * package name or a git field, which reach terminals (`lk push`) and pages (NUL cannot even be
 * stored as PostgreSQL text).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding these characters is the point.
export const CONTROL_CHARACTERS = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

const metadataText = (max: number) =>
  z
    .string()
    .min(1, "must not be empty")
    .max(max, `must be at most ${max} characters`)
    .refine((value) => !CONTROL_CHARACTERS.test(value), "must not contain control characters");

const gitSchema = z.object({
  branch: metadataText(255).optional(),
  commit: metadataText(255).optional(),
  author: metadataText(320).optional(),
  // Shown as a link: only web addresses, never javascript: or data:.
  ciUrl: metadataText(2048)
    .refine((value) => /^https?:\/\//i.test(value) && URL.canParse(value), "must be an http(s) URL")
    .optional(),
});

const PATH_MAX = 1024;

const pathSchema = z
  .string()
  .min(1, "must not be empty")
  .max(PATH_MAX, `must be at most ${PATH_MAX} characters`)
  .refine((path) => !CONTROL_CHARACTERS.test(path), "must not contain control characters (NUL included)")
  .refine((path) => !path.includes("\\"), "must use forward slashes")
  .refine((path) => !path.startsWith("/") && !/^[a-zA-Z]:/.test(path), "must be relative to the project root")
  .refine(
    (path) => path.split("/").every((segment) => segment !== "" && segment !== "." && segment !== ".."),
    "must not contain empty, '.' or '..' segments",
  );

const filesBodySchema = (maxFiles: number) =>
  z.object({
    files: z
      .array(z.object({ path: pathSchema, content: z.string() }))
      .min(1, "must list at least one file")
      .max(maxFiles, `must list at most ${maxFiles} files`),
    git: gitSchema.optional(),
  });

/**
 * The upload a push body describes: (a) JSON `{files, git?}` with lockfiles and their manifests,
 * or (b) a CycloneDX or SPDX JSON document, git metadata then in the query (`branch`, `commit`,
 * `author`, `ciUrl`). Invalid input is a 400 problem listing what is wrong.
 */
export function readUpload(raw: RawUpload, query: unknown, limits: UploadLimits): Upload {
  if (raw.mediaType === FILES_MEDIA_TYPE) {
    let json: unknown;
    try {
      json = JSON.parse(raw.text);
    } catch (error: unknown) {
      throw new HttpProblem(400, `the body is not valid JSON: ${(error as Error).message}`);
    }
    const body = valid(filesBodySchema(limits.maxFiles), json, "the body");
    const seen = new Set<string>();
    for (const file of body.files) {
      if (seen.has(file.path)) throw new HttpProblem(400, `the file ${file.path} is listed twice`);
      seen.add(file.path);
    }
    return { kind: "lockfiles", files: body.files, git: withoutUndefined(body.git ?? {}) };
  }
  const kind = raw.mediaType === CYCLONEDX_MEDIA_TYPE ? "cyclonedx" : "spdx";
  const git = valid(gitSchema, query ?? {}, "the query");
  // The SBOM is stored as a file of the snapshot under the name `lk sbom` would give it.
  const path = kind === "cyclonedx" ? "bom.cdx.json" : "sbom.spdx.json";
  return { kind, files: [{ path, content: raw.text }], git: withoutUndefined(git) };
}

function valid<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const errors = parsed.error.issues.slice(0, 20).map((issue) => ({
    pointer: `/${issue.path.join("/")}`,
    detail: issue.message,
  }));
  throw new HttpProblem(
    400,
    `${what} is invalid: ${errors.map((e) => `${e.pointer}: ${e.detail}`).join("; ")}`,
    {
      errors,
    },
  );
}

function withoutUndefined(git: GitMetadata): GitMetadata {
  return Object.fromEntries(Object.entries(git).filter(([, value]) => value !== undefined));
}
