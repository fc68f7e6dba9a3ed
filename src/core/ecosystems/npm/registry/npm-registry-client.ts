import { LockkeeperError } from "../../../errors.js";
import type { HttpClient } from "../../../http/http-client.js";
import { redactUrl, trimBaseUrl } from "../../../http/urls.js";
import { normaliseLicense } from "../../../licenses/normalise.js";
import { configuredToken, sharedClientOptions } from "../../registry/client-options.js";
import { createLimiter, type Limiter } from "../../registry/concurrency-limit.js";
import { JsonFileCache } from "../../registry/json-file-cache.js";
import { type RegistryConnection, RegistryHttp } from "../../registry/registry-http.js";
import type { PackageReleases, Release } from "../../registry/releases.js";
import type { PublishedLicense, RegistryClient, RegistryClientInput, ReleaseArchive } from "../../types.js";
import { NPM_LICENSE_ALIASES } from "../licenses/license-aliases.js";
import { npmDeniedError } from "./npm-denied-error.js";
import { loadNpmConfig, type NpmAuth, type NpmRegistryConfig, npmConfigFromSettings } from "./npmrc.js";
import {
  type NpmPackument,
  type NpmVersionManifest,
  normalisePackument,
  publishedLicenses,
} from "./packument.js";
import { checkIntegrity } from "./tarball-integrity.js";

export interface NpmRegistryClientOptions {
  /** Registries and credentials (`loadNpmConfig`). Default: the public registry, no credentials. */
  config?: NpmRegistryConfig;
  /** One registry for every package, scoped or not (a mirror, a test server); credentials still come from `config`. */
  baseUrl?: string;
  /** A bearer token for `baseUrl` (else the default registry) and its host, over `.npmrc` credentials. */
  token?: string;
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

/** A version's licence as published: `license`, or the legacy object or `licenses` list. */
export interface NpmPublishedLicense {
  value: unknown;
  /** The packument it was read from (credentials removed). */
  url: string;
}

/** A packument as read, with the licence values its trimmed manifests do not keep verbatim. */
interface ReadPackument {
  packument: NpmPackument;
  licenses: Record<string, unknown>;
}

const DEFAULT_MAX_AGE_MS = 10 * 60_000;
const ACCEPT = {
  full: "application/json",
  abbreviated: "application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*",
} as const;
/** Bumped when the cached form changes, so older entries are read again rather than misread. */
const CACHE_FORMAT = 2;

/**
 * The npm registry client: every release of npm packages, their licences and tarballs, from the
 * registry npm would use for each (scoped registries and credentials from `.npmrc`). Each
 * packument is requested once per run, however many callers ask, and kept trimmed on disk for
 * `maxAgeMs`; tarballs are downloaded with the credentials of their host and checked against
 * their published digests.
 */
export class NpmRegistryClient implements RegistryClient {
  readonly label = "npm registry";
  private readonly config: NpmRegistryConfig;
  private readonly baseUrl: string | undefined;
  private readonly token: string | undefined;
  private readonly cache: JsonFileCache;
  private readonly maxAgeMs: number;
  private readonly limit: Limiter;
  private readonly http: RegistryHttp;
  private readonly form: "full" | "abbreviated";
  private readonly reads = new Map<string, Promise<ReadPackument | undefined>>();
  private readonly releases = new Map<string, Promise<PackageReleases | undefined>>();
  private readonly versionDocuments = new Map<string, Promise<unknown>>();
  /** Packages whose packument came from the registry (not the cache) during this run. */
  private readonly fetched = new Set<string>();

  constructor(options: NpmRegistryClientOptions = {}) {
    this.config = options.config ?? npmConfigFromSettings(new Map());
    this.baseUrl = options.baseUrl === undefined ? undefined : `${trimBaseUrl(options.baseUrl)}/`;
    this.token = options.token;
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
  async packument(name: string): Promise<NpmPackument | undefined> {
    return (await this.read(name))?.packument;
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
   * The licence published for a version, from its packument entry, else (an entry without the
   * field) from the version document. Undefined when the package, version or licence is absent.
   */
  async releaseArchive(name: string, version: string): Promise<ReleaseArchive> {
    return { bytes: await this.downloadTarball(name, version), kind: "tgz" };
  }

  /** The licence a version declares, read into SPDX (npm's legacy forms and "BSD" included). */
  async releaseLicense(name: string, version: string): Promise<PublishedLicense | undefined> {
    const found = await this.versionLicense(name, version);
    const license = found ? normaliseLicense(found.value, { aliases: NPM_LICENSE_ALIASES }) : undefined;
    return found && license ? { license, detail: found.url } : undefined;
  }

  async versionLicense(name: string, version: string): Promise<NpmPublishedLicense | undefined> {
    const read = await this.readWithVersion(name, version);
    const manifest =
      read && Object.hasOwn(read.packument.versions, version) ? read.packument.versions[version] : undefined;
    if (!read || !manifest) return undefined;
    const value = Object.hasOwn(read.licenses, version)
      ? read.licenses[version]
      : (manifest.license ?? (await this.versionDocumentLicense(name, version)));
    return value === null || value === undefined ? undefined : { value, url: read.packument.url };
  }

  /**
   * The version's tarball, checked against its published integrity (or shasum). NOT_FOUND for an
   * unknown package or version; INTEGRITY when the bytes do not match or nothing can check them.
   */
  async downloadTarball(name: string, version: string): Promise<Uint8Array> {
    const packument = (await this.readWithVersion(name, version))?.packument;
    if (!packument) throw new LockkeeperError("NOT_FOUND", `the npm registry has no package ${name}`);
    const manifest = Object.hasOwn(packument.versions, version) ? packument.versions[version] : undefined;
    if (!manifest) {
      throw new LockkeeperError("NOT_FOUND", `the npm registry has no version ${version} of ${name}`, {
        hint: `npm view ${name} versions lists the published ones`,
      });
    }
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

  private read(name: string): Promise<ReadPackument | undefined> {
    let reading = this.reads.get(name);
    if (!reading) {
      reading = this.readPackument(name);
      this.reads.set(name, reading);
    }
    return reading;
  }

  /** The packument; one from the cache that lacks the version is read again once (a new release). */
  private async readWithVersion(name: string, version: string): Promise<ReadPackument | undefined> {
    const read = await this.read(name);
    if (!read || Object.hasOwn(read.packument.versions, version)) return read;
    // Concurrent callers share one re-read: the first starts it, the others find it in `reads`.
    if (!this.fetched.has(name)) this.reads.set(name, this.readPackument(name, false));
    return this.read(name);
  }

  private async readPackument(name: string, useCache = true): Promise<ReadPackument | undefined> {
    const registry = this.registryFor(name);
    const key = `${this.form} ${redactUrl(registry)}${name}`;
    if (useCache) {
      const cached = asCachedRead(this.cache.readFresh(key, this.maxAgeMs));
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
    const read = { packument, licenses: publishedLicenses(response.json) };
    this.cache.write(key, { format: CACHE_FORMAT, ...read });
    return read;
  }

  /** `license` (or `licenses`) of the version document, null when it has none; kept for good. */
  private versionDocumentLicense(name: string, version: string): Promise<unknown> {
    const registry = this.registryFor(name);
    const key = `license ${redactUrl(registry)}${name}@${version}`;
    let reading = this.versionDocuments.get(key);
    if (!reading) {
      reading = (async () => {
        const cached = this.cache.read(key);
        if (isObject(cached) && "license" in cached) return cached.license;
        const url = `${registry}${encodeName(name)}/${encodeURIComponent(version)}`;
        const response = await this.request(`${name}@${version}`, url, registry, (connection, target) =>
          this.http.getJson(target, "application/json", connection),
        );
        const json = response.status === 200 && isObject(response.json) ? response.json : {};
        const license = json.license ?? json.licenses ?? null;
        this.cache.write(key, { license });
        return license;
      })();
      this.versionDocuments.set(key, reading);
    }
    return reading;
  }

  private registryFor(name: string): string {
    return this.baseUrl ?? this.config.registryFor(name);
  }

  /** The configured token for its registry's host, else what `.npmrc` says for the URL. */
  private authFor(url: string, registry: string): NpmAuth | undefined {
    if (this.token && hostOf(url) === hostOf(this.baseUrl ?? this.config.registry))
      return { token: this.token };
    return this.config.authFor(url, registry);
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
    const auth = this.authFor(url, registry);
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

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}

function asCachedRead(value: unknown): ReadPackument | undefined {
  if (!isObject(value) || value.format !== CACHE_FORMAT || !isObject(value.licenses)) return undefined;
  const packument = value.packument as Partial<NpmPackument> | undefined;
  if (!isObject(packument) || typeof packument.name !== "string" || typeof packument.url !== "string")
    return undefined;
  if (typeof packument.versions !== "object" || typeof packument.distTags !== "object") return undefined;
  return { packument: packument as NpmPackument, licenses: value.licenses };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The npm client of a project: registries and credentials from `registries.npm` or the project's
 * `.npmrc` (scoped registries, tokens), as npm would use them.
 */
export function npmRegistryClient(input: RegistryClientInput): NpmRegistryClient {
  const { projectDir, settings, context } = input;
  return new NpmRegistryClient({
    config: loadNpmConfig(projectDir, {
      env: context.env,
      secrets: context.secrets,
      ...(context.home ? { home: context.home } : {}),
    }),
    ...(settings.npm ? { baseUrl: settings.npm } : {}),
    ...configuredToken(input, settings.npmTokenEnv, "the npm registry token (registries.npmTokenEnv)"),
    ...sharedClientOptions(input, "npm", "npm-packuments"),
  });
}

/** The npm client among a project's clients, for the npm tools (tarballs, packuments). */
export function npmClientOf(clients: ReadonlyMap<string, RegistryClient>): NpmRegistryClient {
  const client = clients.get("npm");
  if (!(client instanceof NpmRegistryClient)) throw new Error("the npm registry client is not configured");
  return client;
}
