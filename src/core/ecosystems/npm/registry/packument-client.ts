import { LockkeeperError } from "../../../errors.js";
import type { HttpClient } from "../../../http/http-client.js";
import { redactUrl, trimBaseUrl } from "../../../http/urls.js";
import { createLimiter, type Limiter } from "../../registry/concurrency-limit.js";
import { JsonFileCache } from "../../registry/json-file-cache.js";
import { type RegistryConnection, RegistryHttp } from "../../registry/registry-http.js";
import type { PackageReleases, Release, ReleaseSource } from "../../registry/releases.js";
import { npmDeniedError } from "./npm-denied-error.js";
import { type NpmAuth, type NpmRegistryConfig, npmConfigFromSettings } from "./npmrc.js";
import { type NpmPackument, type NpmVersionManifest, normalisePackument } from "./packument.js";
import { checkIntegrity } from "./tarball-integrity.js";

export interface NpmPackumentClientOptions {
  /** Registries and credentials (`loadNpmConfig`). Default: the public registry, no credentials. */
  config?: NpmRegistryConfig;
  /** One registry for every package, scoped or not (a mirror, a test server); credentials still come from `config`. */
  baseUrl?: string;
  /** Folder for cached packuments; none keeps them in memory for this run only. */
  cacheDir?: string;
  /** How long a cached packument is used before the registry is asked again (ms). Default 10 minutes; 0 always asks. */
  maxAgeMs?: number;
  /** Most requests in flight at once. Default 8. */
  concurrency?: number;
  /** How requests are sent (fetch, timeouts, retries). */
  http?: HttpClient;
  /** Cancels every request of this client. */
  signal?: AbortSignal;
  /** `full` carries publish times and licences; `abbreviated` is smaller. Default `full`. */
  form?: "full" | "abbreviated";
}

const DEFAULT_MAX_AGE_MS = 10 * 60_000;
const ACCEPT = {
  full: "application/json",
  abbreviated: "application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*",
} as const;
/** Bumped when the cached form changes, so older entries are read again rather than misread. */
const CACHE_FORMAT = 1;

/**
 * Every release of npm packages, from the registry npm would use for each (scoped registries and
 * credentials from `.npmrc`). Each packument is requested once per run, however many callers ask,
 * and kept trimmed on disk for `maxAgeMs`; tarballs are downloaded with the credentials of their
 * host and checked against their published digests.
 */
export class NpmPackumentClient implements ReleaseSource {
  private readonly config: NpmRegistryConfig;
  private readonly baseUrl: string | undefined;
  private readonly cache: JsonFileCache;
  private readonly maxAgeMs: number;
  private readonly limit: Limiter;
  private readonly http: RegistryHttp;
  private readonly form: "full" | "abbreviated";
  private readonly reads = new Map<string, Promise<NpmPackument | undefined>>();
  private readonly releases = new Map<string, Promise<PackageReleases | undefined>>();
  /** Packages whose packument came from the registry (not the cache) during this run. */
  private readonly fetched = new Set<string>();

  constructor(options: NpmPackumentClientOptions = {}) {
    this.config = options.config ?? npmConfigFromSettings(new Map());
    this.baseUrl = options.baseUrl === undefined ? undefined : `${trimBaseUrl(options.baseUrl)}/`;
    this.cache = new JsonFileCache(options.cacheDir);
    this.maxAgeMs = options.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
    this.limit = createLimiter(options.concurrency ?? 8);
    this.http = new RegistryHttp({
      ...(options.http ? { client: options.http } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    this.form = options.form ?? "full";
  }

  /** The trimmed packument; undefined when the registry has no such package. */
  packument(name: string): Promise<NpmPackument | undefined> {
    let reading = this.reads.get(name);
    if (!reading) {
      reading = this.readPackument(name);
      this.reads.set(name, reading);
    }
    return reading;
  }

  /** The same object for every call with one name, so what callers derive from it can be kept. */
  packageReleases(name: string): Promise<PackageReleases | undefined> {
    let releases = this.releases.get(name);
    if (!releases) {
      releases = this.packument(name).then(
        (packument) =>
          packument && {
            ecosystem: "npm",
            name: packument.name,
            ...(packument.distTags.latest ? { latest: packument.distTags.latest } : {}),
            releases: Object.values(packument.versions).map(toRelease),
            url: packument.url,
          },
      );
      this.releases.set(name, releases);
    }
    return releases;
  }

  /**
   * The version's tarball, checked against its published integrity (or shasum). NOT_FOUND for an
   * unknown package or version; INTEGRITY when the bytes do not match or nothing can check them.
   */
  async downloadTarball(name: string, version: string): Promise<Uint8Array> {
    const manifest = await this.versionManifest(name, version);
    const url = manifest.dist.tarball;
    if (!url) {
      throw new LockkeeperError("NOT_FOUND", `the npm registry lists no tarball for ${name}@${version}`);
    }
    const response = await this.request(
      `the tarball of ${name}@${version}`,
      url,
      this.registryFor(name),
      (connection, target) => this.http.get(target, "application/octet-stream, */*", connection),
    );
    if (response.status === 404) {
      throw new LockkeeperError(
        "NOT_FOUND",
        `the npm registry has no tarball for ${name}@${version} at ${redactUrl(url)}`,
      );
    }
    const check = checkIntegrity(response.body, manifest.dist);
    if (check.ok) return response.body;
    if (check.expected === undefined) {
      throw new LockkeeperError(
        "INTEGRITY",
        `the npm registry publishes no integrity or shasum for ${name}@${version}, so its tarball cannot be verified`,
      );
    }
    throw new LockkeeperError(
      "INTEGRITY",
      `the tarball of ${name}@${version} from ${redactUrl(url)} does not match its published digest: expected ${check.expected}, got ${check.actual}`,
      { hint: "the registry, a proxy or a cache in between serves altered content; do not install it" },
    );
  }

  /** A version's entry; a packument from the cache that lacks it is read again once (a new release). */
  private async versionManifest(name: string, version: string): Promise<NpmVersionManifest> {
    let packument = await this.packument(name);
    if (packument && !Object.hasOwn(packument.versions, version)) {
      // Concurrent callers share one re-read: the first starts it, the others find it in `reads`.
      if (!this.fetched.has(name)) this.reads.set(name, this.readPackument(name, false));
      packument = await this.packument(name);
    }
    if (!packument) throw new LockkeeperError("NOT_FOUND", `the npm registry has no package ${name}`);
    const manifest = Object.hasOwn(packument.versions, version) ? packument.versions[version] : undefined;
    if (!manifest) {
      throw new LockkeeperError("NOT_FOUND", `the npm registry has no version ${version} of ${name}`, {
        hint: `npm view ${name} versions lists the published ones`,
      });
    }
    return manifest;
  }

  private async readPackument(name: string, useCache = true): Promise<NpmPackument | undefined> {
    const registry = this.registryFor(name);
    const key = `${this.form} ${redactUrl(registry)}${name}`;
    if (useCache) {
      const cached = asCachedPackument(this.cache.readFresh(key, this.maxAgeMs));
      if (cached) return cached;
    }
    this.fetched.add(name);
    const url = `${registry}${encodeName(name)}`;
    const response = await this.request(name, url, registry, (connection, target) =>
      this.http.getJson(target, ACCEPT[this.form], connection),
    );
    if (response.status === 404) return undefined;
    const packument = normalisePackument(response.json, name, redactUrl(url));
    if (!packument) {
      throw new LockkeeperError(
        "NETWORK",
        `the npm registry sent a document without versions for ${redactUrl(url)}`,
      );
    }
    this.cache.write(key, { format: CACHE_FORMAT, packument });
    return packument;
  }

  private registryFor(name: string): string {
    return this.baseUrl ?? this.config.registryFor(name);
  }

  /**
   * A GET with the credentials configured for the URL. A 401/403 becomes a NETWORK error that
   * says which credentials were missing or refused, never their value.
   */
  private request<T>(
    what: string,
    url: string,
    registry: string,
    get: (connection: RegistryConnection, url: string) => Promise<T>,
  ): Promise<T> {
    const auth = this.config.authFor(url, registry);
    const connection: RegistryConnection = {
      registry: "npm registry",
      baseUrl: registry,
      ...(auth?.token ? { token: auth.token } : {}),
      denied: (status) => npmDeniedError(this.config, { what, url, registry, status, auth }),
    };
    return this.limit(() => get(connection, withBasicAuth(url, auth)));
  }
}

function toRelease(manifest: NpmVersionManifest): Release {
  return {
    version: manifest.version,
    ...(manifest.publishedAt ? { publishedAt: manifest.publishedAt } : {}),
    ...(manifest.deprecated ? { deprecated: manifest.deprecated } : {}),
    ...(manifest.license ? { license: manifest.license } : {}),
    hasInstallScript: manifest.hasInstallScript,
    ...(manifest.engines ? { engines: manifest.engines } : {}),
  };
}

/** Basic credentials travel in the URL: the HTTP client turns them into an Authorization header. */
function withBasicAuth(url: string, auth: NpmAuth | undefined): string {
  if (!auth?.basic || auth.token) return url;
  const plain = Buffer.from(auth.basic, "base64").toString("utf8");
  const colon = plain.indexOf(":");
  const parsed = new URL(url);
  parsed.username = encodeURIComponent(colon < 0 ? plain : plain.slice(0, colon));
  parsed.password = encodeURIComponent(colon < 0 ? "" : plain.slice(colon + 1));
  return parsed.toString();
}

/** Scoped names keep their `@` and encode the slash in lower case, as npm sends them (`@scope%2fname`). */
function encodeName(name: string): string {
  return name.startsWith("@")
    ? `@${encodeURIComponent(name.slice(1)).replace("%2F", "%2f")}`
    : encodeURIComponent(name);
}

function asCachedPackument(value: unknown): NpmPackument | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { format, packument } = value as { format?: unknown; packument?: Partial<NpmPackument> };
  if (format !== CACHE_FORMAT || typeof packument !== "object" || packument === null) return undefined;
  if (typeof packument.name !== "string" || typeof packument.url !== "string") return undefined;
  if (typeof packument.versions !== "object" || typeof packument.distTags !== "object") return undefined;
  return packument as NpmPackument;
}
