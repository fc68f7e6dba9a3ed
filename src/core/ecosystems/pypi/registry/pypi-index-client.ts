import { createHash } from "node:crypto";
import { LockkeeperError } from "../../../errors.js";
import type { HttpClient } from "../../../http/http-client.js";
import { redactUrl, trimBaseUrl } from "../../../http/urls.js";
import { configuredToken, sharedClientOptions } from "../../registry/client-options.js";
import { createLimiter, type Limiter } from "../../registry/concurrency-limit.js";
import { JsonFileCache } from "../../registry/json-file-cache.js";
import { type RegistryConnection, RegistryHttp } from "../../registry/registry-http.js";
import type { PackageReleases } from "../../registry/releases.js";
import type { PublishedLicense, RegistryClient, RegistryClientInput, ReleaseArchive } from "../../types.js";
import { pythonLicense } from "../licenses/license-metadata.js";
import { normalisePypiName } from "../names.js";
import { parseVersion } from "../pep440/version.js";
import { groupByVersion, type PypiProject, releasesFromProject } from "./project-releases.js";
import {
  fillFromJsonApi,
  type JsonApiProject,
  type PypiReleaseLicense,
  parseJsonApiProject,
  parseReleaseLicense,
} from "./pypi-json-api.js";
import { parseSimplePage, SIMPLE_ACCEPT } from "./simple-index.js";

export const DEFAULT_SIMPLE_INDEX_URL = "https://pypi.org/simple";
/** PyPI's JSON API: where release licences come from when the index is PyPI's own. */
export const DEFAULT_JSON_API_URL = "https://pypi.org/pypi";
const DEFAULT_MAX_AGE_MS = 10 * 60 * 1000;
/** Bumped when the cached shape changes, so older entries are read again rather than misread. */
const CACHE_FORMAT = 1;

export interface PypiIndexClientOptions {
  /** Simple Repository API base (PEP 503/691). Default: `https://pypi.org/simple`. */
  indexUrl?: string;
  /**
   * JSON API base (`https://pypi.org/pypi`). When set, `/pypi/<name>/json` is read with each
   * project page, for the licence of the newest release and the upload times an HTML index does
   * not give; release licences (`releaseLicense`) are read from it too. When not set, release
   * licences come from PyPI's JSON API if the index is PyPI's, else from nowhere: the names of a
   * private index's packages are never sent to PyPI.
   */
  jsonApiUrl?: string;
  /** Folder for cached project pages; none keeps them in memory for this client only. */
  cacheDir?: string;
  /** How long a cached project page is used before it is read again. Default 10 minutes. */
  maxAgeMs?: number;
  /** Bearer token for private indexes; never logged or cached, never sent to another host. */
  token?: string;
  /** Most requests in flight at once. Default 8. */
  concurrency?: number;
  /** How requests are sent (fetch, timeouts, retries). */
  http?: HttpClient;
  /** Cancels every request of this client. */
  signal?: AbortSignal;
}

/** A file of a release with the hash pip-compile writes as `--hash=sha256:…`. */
export interface PypiFileHash {
  filename: string;
  url: string;
  /** Absent when the index publishes no sha256 for the file. */
  sha256?: string;
}

/**
 * The Python package index client: every release of a project from an index (PyPI or a private
 * one) through the Simple Repository API in either form, for `lk outdated`, `lk add` and
 * `lk update`, and each release's licence from the JSON API, for `lk licenses` and vetting.
 * Project pages change when releases are published or yanked, so they are cached with a
 * lifetime, keyed by index URL and PEP 503 name; release documents never change and are kept
 * for good. Concurrent lookups of one project or release share one request.
 */
export class PypiIndexClient implements RegistryClient {
  readonly label = "PyPI JSON API";
  private readonly index: RegistryConnection;
  private readonly jsonApi: RegistryConnection | undefined;
  /** Where release licences are read: the JSON API, or PyPI's for PyPI's own index. */
  private readonly licenseApi: RegistryConnection | undefined;
  private readonly http: RegistryHttp;
  /** The index URL without credentials: cache keys and file URLs never carry them. */
  private readonly plainIndexUrl: string;
  private readonly cache: JsonFileCache;
  private readonly maxAgeMs: number;
  private readonly limit: Limiter;
  private readonly projects = new Map<string, Promise<PypiProject | undefined>>();
  private readonly releases = new Map<string, Promise<PackageReleases | undefined>>();
  private readonly licenses = new Map<string, Promise<PypiReleaseLicense | undefined>>();

  constructor(options: PypiIndexClientOptions = {}) {
    const indexUrl = trimBaseUrl(options.indexUrl ?? DEFAULT_SIMPLE_INDEX_URL);
    const token = options.token ? { token: options.token } : {};
    this.index = { registry: "Python package index", baseUrl: indexUrl, ...token };
    this.plainIndexUrl = withoutCredentials(indexUrl);
    const jsonApiUrl =
      options.jsonApiUrl ??
      (this.plainIndexUrl === DEFAULT_SIMPLE_INDEX_URL ? DEFAULT_JSON_API_URL : undefined);
    if (jsonApiUrl) {
      this.licenseApi = { registry: "PyPI JSON API", baseUrl: trimBaseUrl(jsonApiUrl), ...token };
      if (options.jsonApiUrl) this.jsonApi = this.licenseApi;
    }
    this.http = new RegistryHttp({
      ...(options.http ? { client: options.http } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    this.cache = new JsonFileCache(options.cacheDir);
    this.maxAgeMs = options.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
    this.limit = createLimiter(options.concurrency ?? 8);
  }

  /** The project's files grouped by version; undefined when the index has no such project. */
  project(name: string): Promise<PypiProject | undefined> {
    const normalised = normalisePypiName(name);
    let reading = this.projects.get(normalised);
    if (!reading) {
      reading = this.readProject(normalised);
      this.projects.set(normalised, reading);
      // A failed read is not remembered: a later call may find the index reachable again.
      reading.catch(() => this.projects.delete(normalised));
    }
    return reading;
  }

  /**
   * Every release of the project (see `releasesFromProject`); undefined when there is no project.
   * The same object for every call with one name, so what callers derive from it can be kept.
   */
  packageReleases(name: string): Promise<PackageReleases | undefined> {
    const key = normalisePypiName(name);
    let releases = this.releases.get(key);
    if (!releases) {
      releases = this.project(name).then((project) => project && releasesFromProject(project));
      this.releases.set(key, releases);
    }
    return releases;
  }

  /**
   * The licence fields of one release (`/<name>/<version>/json` of the JSON API); undefined when
   * the API has no such release, or there is no JSON API to ask.
   */
  releaseLicenseFields(name: string, version: string): Promise<PypiReleaseLicense | undefined> {
    const key = `${normalisePypiName(name)}/${version}`;
    let reading = this.licenses.get(key);
    if (!reading) {
      reading = this.readReleaseLicense(normalisePypiName(name), version);
      this.licenses.set(key, reading);
      reading.catch(() => this.licenses.delete(key));
    }
    return reading;
  }

  async releaseArchive(name: string, version: string): Promise<ReleaseArchive | undefined> {
    const files = await this.fileHashes(name, version);
    const sdist = files.find((file) => /\.(tar\.gz|zip)$/i.test(file.filename));
    const chosen = sdist ?? files.find((file) => file.filename.endsWith(".whl"));
    if (!chosen) return undefined;
    const bytes = await this.downloadFile(chosen.url, chosen.sha256);
    return { bytes, kind: chosen.filename.toLowerCase().endsWith(".tar.gz") ? "tgz" : "zip" };
  }

  /** The licence a release declares, read into SPDX (`License-Expression`, else `License`, else classifiers). */
  async releaseLicense(name: string, version: string): Promise<PublishedLicense | undefined> {
    const found = await this.releaseLicenseFields(name, version);
    const read = found ? pythonLicense(found) : undefined;
    return found && read ? { license: read.license, detail: `${found.url} (${read.field})` } : undefined;
  }

  /** Every file of one version (any PEP 440 spelling); empty when the project or version is unknown. */
  async fileHashes(name: string, version: string): Promise<PypiFileHash[]> {
    const wanted = parseVersion(version);
    const project = wanted && (await this.project(name));
    // PEP 440 equality, as pip's `==`: `1.0.0` finds the files of `1.0`.
    const files =
      (wanted &&
        project?.versions.find((entry) => parseVersion(entry.version)?.sortKey === wanted.sortKey)?.files) ??
      [];
    return files.map(({ filename, url, hashes }) =>
      hashes.sha256 ? { filename, url, sha256: hashes.sha256 } : { filename, url },
    );
  }

  /**
   * Downloads a file the index listed and checks its sha256 when one is given. The index's
   * credentials go only to the index's own host: PyPI serves files from another one.
   */
  async downloadFile(url: string, expectedSha256?: string): Promise<Uint8Array> {
    const sameHost = sameOrigin(url, this.index.baseUrl);
    const target = sameHost ? withCredentialsOf(url, this.index.baseUrl) : url;
    const connection = sameHost ? this.index : { ...this.index, token: undefined };
    const response = await this.limit(() => this.http.get(target, "*/*", connection));
    const shown = redactUrl(url);
    if (response.status === 404) {
      throw new LockkeeperError("NOT_FOUND", `the ${this.index.registry} has no file at ${shown}`);
    }
    if (expectedSha256) {
      const actual = createHash("sha256").update(response.body).digest("hex");
      if (actual !== expectedSha256.toLowerCase()) {
        throw new LockkeeperError(
          "NETWORK",
          `the file downloaded from ${shown} has sha256 ${actual}, but ${expectedSha256.toLowerCase()} was expected`,
          { hint: "the file changed or was corrupted on the way: nothing was installed from it" },
        );
      }
    }
    return response.body;
  }

  private async readProject(name: string): Promise<PypiProject | undefined> {
    const key = `${name}@${this.cacheScope()}`;
    const cached = this.cache.readFresh(key, this.maxAgeMs);
    if (isCachedProject(cached)) return cached.project;
    const pageUrl = `${this.index.baseUrl}/${encodeURIComponent(name)}/`;
    const [page, api] = await Promise.all([
      this.limit(() => this.http.get(pageUrl, SIMPLE_ACCEPT, this.index)),
      this.readJsonApi(name),
    ]);
    if (page.status === 404) return undefined;
    const plainPageUrl = `${this.plainIndexUrl}/${encodeURIComponent(name)}/`;
    const parsed = parseSimplePage(page.body, page.contentType, plainPageUrl, name);
    if (api) fillFromJsonApi(parsed, api);
    const project: PypiProject = {
      name,
      url: redactUrl(plainPageUrl),
      versions: groupByVersion(parsed.files),
      skipped: parsed.skipped,
    };
    if (api?.license && api.infoVersion) project.license = { version: api.infoVersion, value: api.license };
    this.cache.write(key, { format: CACHE_FORMAT, project });
    return project;
  }

  private async readJsonApi(name: string): Promise<JsonApiProject | undefined> {
    if (!this.jsonApi) return undefined;
    const connection = this.jsonApi;
    const url = `${connection.baseUrl}/${encodeURIComponent(name)}/json`;
    const response = await this.limit(() => this.http.getJson(url, "application/json", connection));
    return response.status === 404 ? undefined : parseJsonApiProject(response.json, redactUrl(url));
  }

  private async readReleaseLicense(name: string, version: string): Promise<PypiReleaseLicense | undefined> {
    const connection = this.licenseApi;
    if (!connection) return undefined;
    const key = `${name}/${version}@${scopeOf(withoutCredentials(connection.baseUrl))}`;
    const cached = this.cache.read(key);
    if (isReleaseLicense(cached)) return cached;
    const url = `${connection.baseUrl}/${encodeURIComponent(name)}/${encodeURIComponent(version)}/json`;
    const response = await this.limit(() => this.http.getJson(url, "application/json", connection));
    if (response.status === 404) return undefined;
    const license = parseReleaseLicense(response.json, redactUrl(url));
    this.cache.write(key, license);
    return license;
  }

  /** Which index (and JSON API) a cache entry came from, short enough for a file name. */
  private cacheScope(): string {
    return scopeOf(`${this.plainIndexUrl}\n${this.jsonApi ? withoutCredentials(this.jsonApi.baseUrl) : ""}`);
  }
}

/** A short digest of where answers came from, for cache keys. */
function scopeOf(source: string): string {
  return createHash("sha256").update(source).digest("hex").slice(0, 16);
}

function isReleaseLicense(value: unknown): value is PypiReleaseLicense {
  if (typeof value !== "object" || value === null) return false;
  const entry = value as { classifiers?: unknown; url?: unknown };
  return Array.isArray(entry.classifiers) && typeof entry.url === "string";
}

function isCachedProject(value: unknown): value is { format: number; project: PypiProject } {
  if (typeof value !== "object" || value === null) return false;
  const entry = value as { format?: unknown; project?: { versions?: unknown; url?: unknown } };
  return (
    entry.format === CACHE_FORMAT &&
    Array.isArray(entry.project?.versions) &&
    typeof entry.project?.url === "string"
  );
}

function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = "";
    parsed.password = "";
    return trimBaseUrl(parsed.toString());
  } catch {
    return url;
  }
}

function sameOrigin(url: string, base: string): boolean {
  try {
    return new URL(url).origin === new URL(base).origin;
  } catch {
    return false;
  }
}

/** `url` with the user and password of `base` (an index URL like `https://user:pass@host/simple`). */
function withCredentialsOf(url: string, base: string): string {
  const from = new URL(base);
  if (!from.username && !from.password) return url;
  const to = new URL(url);
  to.username = from.username;
  to.password = from.password;
  return to.toString();
}

/** The Python index client of a project: `registries.pypiIndex`, its JSON API and token. */
export function pypiIndexClient(input: RegistryClientInput): PypiIndexClient {
  const { settings } = input;
  return new PypiIndexClient({
    indexUrl: settings.pypiIndex,
    ...(settings.pypiJsonApi ? { jsonApiUrl: settings.pypiJsonApi } : {}),
    ...configuredToken(input, settings.pypiTokenEnv, "the Python index token (registries.pypiTokenEnv)"),
    ...sharedClientOptions(input, "pypi", "pypi-index"),
  });
}

/** The Python index client among a project's clients, for the Python tools (files and hashes). */
export function pypiClientOf(clients: ReadonlyMap<string, RegistryClient>): PypiIndexClient {
  const client = clients.get("pypi");
  if (!(client instanceof PypiIndexClient)) throw new Error("the Python index client is not configured");
  return client;
}
