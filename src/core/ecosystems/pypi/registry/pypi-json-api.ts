import * as z from "zod";
import { LockkeeperError } from "../../../errors.js";
import { formatVersion, parseVersion } from "../pep440/version.js";
import type { SimpleProjectPage } from "./simple-index.js";

/** What the project document of PyPI's JSON API (`/pypi/<name>/json`) adds to a simple page. */
export interface JsonApiProject {
  /** `info.version` in canonical form: the release `license` belongs to. */
  infoVersion?: string;
  /** `info.license_expression`, else `info.license`, when a non-empty string. */
  license?: string;
  /** Per file name: facts the simple page may lack (the HTML form has no upload times). */
  files: Record<string, { uploadTime?: string; requiresPython?: string; sha256?: string }>;
}

const fileSchema = z.looseObject({
  filename: z.string(),
  upload_time_iso_8601: z.string().nullish(),
  upload_time: z.string().nullish(),
  requires_python: z.string().nullish(),
  digests: z.looseObject({ sha256: z.string().optional() }).nullish(),
});

const documentSchema = z.looseObject({
  info: z.looseObject({
    version: z.string().nullish(),
    license: z.string().nullish(),
    license_expression: z.string().nullish(),
  }),
  releases: z.record(z.string(), z.array(z.unknown())).nullish(),
  urls: z.array(z.unknown()).nullish(),
});

/**
 * Reads a JSON API project document. Its `info` describes the newest release only, so the
 * licence is tied to `info.version`; file facts come from `releases` (and `urls`). File entries
 * that do not fit are left out: the simple page stays the list of files, this only fills gaps.
 */
export function parseJsonApiProject(json: unknown, shownUrl: string): JsonApiProject {
  const document = documentSchema.safeParse(json);
  if (!document.success) {
    throw new LockkeeperError("NETWORK", `the PyPI JSON API sent a document without "info" for ${shownUrl}`);
  }
  const { info, releases, urls } = document.data;
  const project: JsonApiProject = { files: {} };
  const parsedVersion = info.version ? parseVersion(info.version) : null;
  if (parsedVersion) project.infoVersion = formatVersion(parsedVersion);
  const license = info.license_expression?.trim() || info.license?.trim();
  if (license) project.license = license;
  for (const entry of [...Object.values(releases ?? {}).flat(), ...(urls ?? [])]) {
    const file = fileSchema.safeParse(entry);
    if (!file.success) continue;
    const facts: JsonApiProject["files"][string] = {};
    // `upload_time` is UTC without a zone; the ISO field says so.
    const uploadTime =
      file.data.upload_time_iso_8601 ?? (file.data.upload_time && `${file.data.upload_time}Z`);
    if (uploadTime) facts.uploadTime = uploadTime;
    if (file.data.requires_python?.trim()) facts.requiresPython = file.data.requires_python.trim();
    if (file.data.digests?.sha256) facts.sha256 = file.data.digests.sha256.toLowerCase();
    project.files[file.data.filename] = facts;
  }
  return project;
}

/** The licence fields of one release, as the JSON API's `/pypi/<name>/<version>/json` gives them. */
export interface PypiReleaseLicense {
  licenseExpression?: string;
  license?: string;
  classifiers: string[];
  /** The document it was read from (credentials removed). */
  url: string;
}

const releaseSchema = z.looseObject({ info: z.record(z.string(), z.unknown()) });

/** Reads a release document's `info`, which (unlike the project document's) describes that release. */
export function parseReleaseLicense(json: unknown, shownUrl: string): PypiReleaseLicense {
  const document = releaseSchema.safeParse(json);
  if (!document.success) {
    throw new LockkeeperError("NETWORK", `the PyPI JSON API sent a document without "info" for ${shownUrl}`);
  }
  const { info } = document.data;
  const release: PypiReleaseLicense = {
    classifiers: Array.isArray(info.classifiers)
      ? info.classifiers.filter((c): c is string => typeof c === "string")
      : [],
    url: shownUrl,
  };
  if (typeof info.license_expression === "string") release.licenseExpression = info.license_expression;
  if (typeof info.license === "string") release.license = info.license;
  return release;
}

/** Fills what the simple page left blank (upload time, requires-python, sha256) from the JSON API. */
export function fillFromJsonApi(page: SimpleProjectPage, api: JsonApiProject): void {
  for (const file of page.files) {
    const facts = api.files[file.filename];
    if (!facts) continue;
    if (!file.uploadTime && facts.uploadTime) file.uploadTime = facts.uploadTime;
    if (!file.requiresPython && facts.requiresPython) file.requiresPython = facts.requiresPython;
    if (!file.hashes.sha256 && facts.sha256) file.hashes.sha256 = facts.sha256;
  }
}
