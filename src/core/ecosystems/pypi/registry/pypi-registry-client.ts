import { LockkeeperError } from "../../../errors.js";
import type { HttpClient } from "../../../http/http-client.js";
import { redactUrl, trimBaseUrl } from "../../../http/urls.js";
import { createLimiter, type Limiter } from "../../registry/concurrency-limit.js";
import { JsonFileCache } from "../../registry/json-file-cache.js";
import { type RegistryConnection, RegistryHttp } from "../../registry/registry-http.js";
import { normalisePypiName } from "../names.js";

export const DEFAULT_PYPI_URL = "https://pypi.org";

export interface PypiRegistryClientOptions {
  /** Index base URL serving the JSON API (`/pypi/<name>/<version>/json`). Default: pypi.org. */
  baseUrl?: string;
  /** Folder for cached answers; none keeps them in memory for this run only. */
  cacheDir?: string;
  /** Bearer token for private indexes; never logged or cached. */
  token?: string;
  /** Most requests in flight at once. Default 8. */
  concurrency?: number;
  http?: HttpClient;
}

/** The licence fields of one release as the JSON API's `info` carries them. */
export interface PypiReleaseLicense {
  licenseExpression?: string;
  license?: string;
  classifiers: string[];
  /** The document it was read from (credentials removed). */
  url: string;
}

/**
 * Licence metadata of PyPI releases through the JSON API. A release's metadata never changes
 * once uploaded, so each answer is cached for good; a 404 (no such release) is not cached.
 */
export class PypiRegistryClient {
  private readonly connection: RegistryConnection;
  private readonly http: RegistryHttp;
  private readonly cache: JsonFileCache;
  private readonly limit: Limiter;
  private readonly reads = new Map<string, Promise<PypiReleaseLicense | undefined>>();

  constructor(options: PypiRegistryClientOptions = {}) {
    this.connection = {
      registry: "PyPI JSON API",
      baseUrl: trimBaseUrl(options.baseUrl ?? DEFAULT_PYPI_URL),
      ...(options.token ? { token: options.token } : {}),
    };
    this.http = new RegistryHttp(options.http ? { client: options.http } : {});
    this.cache = new JsonFileCache(options.cacheDir);
    this.limit = createLimiter(options.concurrency ?? 8);
  }

  /** The release's licence fields, or undefined when the index has no such project or release. */
  releaseLicense(name: string, version: string): Promise<PypiReleaseLicense | undefined> {
    const key = `${normalisePypiName(name)}/${version}`;
    let reading = this.reads.get(key);
    if (!reading) {
      reading = this.read(key);
      this.reads.set(key, reading);
    }
    return reading;
  }

  private async read(key: string): Promise<PypiReleaseLicense | undefined> {
    const cached = asRelease(this.cache.read(key));
    if (cached) return cached;
    const [name, version] = key.split("/") as [string, string];
    const url = `${this.connection.baseUrl}/pypi/${encodeURIComponent(name)}/${encodeURIComponent(version)}/json`;
    const response = await this.limit(() => this.http.getJson(url, "application/json", this.connection));
    if (response.status === 404) return undefined;
    const info = isObject(response.json) ? response.json.info : undefined;
    if (!isObject(info)) {
      throw new LockkeeperError(
        "NETWORK",
        `the PyPI JSON API sent a document without "info" for ${redactUrl(url)}`,
      );
    }
    const release: PypiReleaseLicense = {
      classifiers: Array.isArray(info.classifiers)
        ? info.classifiers.filter((c): c is string => typeof c === "string")
        : [],
      url: redactUrl(url),
    };
    if (typeof info.license_expression === "string") release.licenseExpression = info.license_expression;
    if (typeof info.license === "string") release.license = info.license;
    this.cache.write(key, release);
    return release;
  }
}

function asRelease(value: unknown): PypiReleaseLicense | undefined {
  if (!isObject(value) || !Array.isArray(value.classifiers) || typeof value.url !== "string")
    return undefined;
  return value as unknown as PypiReleaseLicense;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
