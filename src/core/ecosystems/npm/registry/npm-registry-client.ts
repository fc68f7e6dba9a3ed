import { LockkeeperError } from "../../../errors.js";
import type { HttpClient } from "../../../http/http-client.js";
import { redactUrl, trimBaseUrl } from "../../../http/urls.js";
import { createLimiter, type Limiter } from "../../registry/concurrency-limit.js";
import { JsonFileCache } from "../../registry/json-file-cache.js";
import { type RegistryConnection, RegistryHttp } from "../../registry/registry-http.js";

export const DEFAULT_NPM_REGISTRY = "https://registry.npmjs.org";

export interface NpmRegistryClientOptions {
  /** Registry base URL (a mirror, Verdaccio, a test server). Default: the public npm registry. */
  baseUrl?: string;
  /** Folder for cached answers; none keeps them in memory for this run only. */
  cacheDir?: string;
  /** Bearer token for private registries; never logged or cached. */
  token?: string;
  /** Most requests in flight at once. Default 8. */
  concurrency?: number;
  http?: HttpClient;
}

/** A version's licence as published: `license`, or the legacy `licenses` array. */
export interface NpmPublishedLicense {
  value: unknown;
  /** The document it was read from (credentials removed). */
  url: string;
}

/**
 * What the cache keeps per package: each published version's licence value (`null` when the
 * registry has none), or `{}` when the packument did not carry the field (abbreviated documents
 * may not) and the version document has not been asked yet.
 */
interface PackageEntry {
  versions: Record<string, { license?: unknown }>;
  url: string;
}

const ABBREVIATED = "application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*";

/**
 * Licence metadata from an npm registry. Reads the packument once per package (abbreviated form,
 * which is small) and falls back to the version document only for versions whose entry has no
 * licence field. Published versions never change, so cached entries are reused across runs.
 */
export class NpmRegistryClient {
  private readonly connection: RegistryConnection;
  private readonly http: RegistryHttp;
  private readonly cache: JsonFileCache;
  private readonly limit: Limiter;
  private readonly entries = new Map<string, Promise<PackageEntry | undefined>>();
  /** Packages whose packument was read from the registry during this run. */
  private readonly fetched = new Set<string>();
  private readonly versionReads = new Map<string, Promise<PackageEntry>>();

  constructor(options: NpmRegistryClientOptions = {}) {
    this.connection = {
      registry: "npm registry",
      baseUrl: trimBaseUrl(options.baseUrl ?? DEFAULT_NPM_REGISTRY),
      ...(options.token ? { token: options.token } : {}),
    };
    this.http = new RegistryHttp(options.http ? { client: options.http } : {});
    this.cache = new JsonFileCache(options.cacheDir);
    this.limit = createLimiter(options.concurrency ?? 8);
  }

  /** The licence published for a version; undefined when the package, version or licence is absent. */
  async versionLicense(name: string, version: string): Promise<NpmPublishedLicense | undefined> {
    let entry = await this.packageEntry(name, version);
    let published = entry?.versions[version];
    if (!entry || !published) return undefined;
    if (!("license" in published)) {
      const key = `${name}@${version}`;
      const reading = this.versionReads.get(key) ?? this.readVersionDocument(name, version, entry);
      this.versionReads.set(key, reading);
      entry = await reading;
      published = entry.versions[version] ?? {};
    }
    const value = published.license;
    if (value === null || value === undefined) return undefined;
    return { value, url: redactUrl(entry.url) };
  }

  private packageEntry(name: string, version: string): Promise<PackageEntry | undefined> {
    let pending = this.entries.get(name);
    if (!pending) {
      const cached = asEntry(this.cache.read(name));
      pending = cached ? Promise.resolve(cached) : this.fetchPackument(name);
      this.entries.set(name, pending);
    }
    const first = pending;
    return first.then((entry) => {
      if (!entry || entry.versions[version]) return entry;
      // Read this run already: the version is not published (or a concurrent re-read has it).
      if (this.fetched.has(name)) {
        const latest = this.entries.get(name);
        return latest && latest !== first ? latest : entry;
      }
      // A version published after the cached packument was written: read the packument again.
      const refreshed = this.fetchPackument(name);
      this.entries.set(name, refreshed);
      return refreshed;
    });
  }

  private async fetchPackument(name: string): Promise<PackageEntry | undefined> {
    const url = `${this.connection.baseUrl}/${encodeName(name)}`;
    this.fetched.add(name);
    const response = await this.limit(() => this.http.getJson(url, ABBREVIATED, this.connection));
    if (response.status === 404) return undefined;
    const versions = isObject(response.json) ? response.json.versions : undefined;
    if (!isObject(versions)) throw unexpected(url, "a packument without versions");
    const entry: PackageEntry = { versions: {}, url };
    for (const [version, data] of Object.entries(versions)) {
      entry.versions[version] = isObject(data) ? licenseField(data) : {};
    }
    this.cache.write(name, entry);
    return entry;
  }

  private async readVersionDocument(
    name: string,
    version: string,
    entry: PackageEntry,
  ): Promise<PackageEntry> {
    const url = `${this.connection.baseUrl}/${encodeName(name)}/${encodeURIComponent(version)}`;
    const response = await this.limit(() => this.http.getJson(url, "application/json", this.connection));
    const found = response.status === 200 && isObject(response.json) ? licenseField(response.json) : {};
    // In place: lookups of other versions of this package share the entry and its cache file.
    entry.versions[version] = { license: found.license ?? null };
    this.cache.write(name, entry);
    return entry;
  }
}

/** `license`, else the legacy `licenses`; `{}` when the document has neither field. */
function licenseField(data: Record<string, unknown>): { license?: unknown } {
  if ("license" in data) return { license: data.license ?? data.licenses ?? null };
  if ("licenses" in data) return { license: data.licenses ?? null };
  return {};
}

/** Scoped names keep their `@` and encode the slash, as the registry expects (`@scope%2fname`). */
function encodeName(name: string): string {
  return name.startsWith("@") ? `@${encodeURIComponent(name.slice(1))}` : encodeURIComponent(name);
}

function asEntry(value: unknown): PackageEntry | undefined {
  if (!isObject(value) || !isObject(value.versions) || typeof value.url !== "string") return undefined;
  return value as unknown as PackageEntry;
}

function unexpected(url: string, what: string): LockkeeperError {
  return new LockkeeperError("NETWORK", `the npm registry sent ${what} for ${redactUrl(url)}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
