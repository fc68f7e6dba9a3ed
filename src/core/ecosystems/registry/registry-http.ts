import { LockkeeperError } from "../../errors.js";
import { HttpClient } from "../../http/http-client.js";
import { HttpError } from "../../http/http-error.js";
import { redactUrl } from "../../http/urls.js";

/** Which registry a request goes to, and with which credentials. */
export interface RegistryConnection {
  /** The registry's name in messages: "npm registry", "PyPI JSON API". */
  registry: string;
  /** Named in hints; credentials are removed first. */
  baseUrl: string;
  /** Sent as a bearer token; never written to messages, logs or the cache. */
  token?: string;
  /** The error for a 401 or 403, when the caller can say more than "check the token setting". */
  denied?: (status: number) => LockkeeperError;
}

export type RegistryResponse = { status: 404 } | { status: 200; json: unknown; headers: Headers };

export type RegistryBytesResponse =
  | { status: 404 }
  | { status: 200; body: Uint8Array; contentType: string | undefined; headers: Headers };

export interface RegistryHttpOptions {
  /** How requests are sent (fetch, timeouts, retries). Default: a client with the default settings. */
  client?: HttpClient;
  /** Cancels every request of this registry client (a run or a server request that went away). */
  signal?: AbortSignal;
}

/**
 * Hosts that gave no answer at all even after the retries are remembered this long: the next
 * requests fail at once with the same error, rather than every package of an outdated check
 * retrying on its own.
 */
const UNREACHABLE_MEMORY_MS = 60_000;

/**
 * HTTP as registry clients need it: GETs with credentials, 404 as an answer, and NETWORK errors
 * that name the registry and a URL stripped of credentials. Each registry client owns one, so
 * the memory of unreachable hosts is its own: one tenant's outage never fails another's client.
 */
export class RegistryHttp {
  private readonly client: HttpClient;
  private readonly signal: AbortSignal | undefined;
  private readonly unreachable = new Map<string, { error: LockkeeperError; until: number }>();

  constructor(options: RegistryHttpOptions = {}) {
    this.client = options.client ?? new HttpClient();
    this.signal = options.signal;
  }

  /** A JSON document; a body that is not JSON is a NETWORK error. */
  async getJson(url: string, accept: string, connection: RegistryConnection): Promise<RegistryResponse> {
    const response = await this.get(url, accept, connection);
    if (response.status === 404) return response;
    try {
      const json: unknown = JSON.parse(Buffer.from(response.body).toString("utf8"));
      return { status: 200, json, headers: response.headers };
    } catch {
      throw new LockkeeperError(
        "NETWORK",
        `the ${connection.registry} sent a response that is not JSON for ${redactUrl(url)}`,
      );
    }
  }

  /** Any document (a tarball, an HTML simple index); 404 and 410 both mean "not there". */
  async get(url: string, accept: string, connection: RegistryConnection): Promise<RegistryBytesResponse> {
    const shown = redactUrl(url);
    const origin = originOf(url);
    const down = this.unreachable.get(origin);
    if (down && down.until > Date.now()) throw down.error;
    const headers: Record<string, string> = { accept };
    if (connection.token) headers.authorization = `Bearer ${connection.token}`;
    let response: Awaited<ReturnType<HttpClient["request"]>>;
    try {
      response = await this.client.request(url, {
        headers,
        ...(this.signal ? { signal: this.signal } : {}),
      });
    } catch (error: unknown) {
      if (!(error instanceof HttpError)) throw error;
      const failure = new LockkeeperError(
        "NETWORK",
        `the ${connection.registry} cannot be reached (${shown}): ${error.summary()}`,
        { hint: `check the network or the registry URL (${redactUrl(connection.baseUrl)})` },
      );
      // Only silence: a server answering 5xx for one document may serve the next.
      if (error.noAnswer)
        this.unreachable.set(origin, { error: failure, until: Date.now() + UNREACHABLE_MEMORY_MS });
      throw failure;
    }
    const { status } = response;
    if (status === 404 || status === 410) return { status: 404 };
    if ((status === 401 || status === 403) && connection.denied) throw connection.denied(status);
    if (status < 200 || status > 299) {
      const denied = status === 401 || status === 403;
      throw new LockkeeperError(
        "NETWORK",
        `the ${connection.registry} answered HTTP ${status} for ${shown}`,
        {
          hint: denied ? "the registry wants credentials: check the token setting" : undefined,
        },
      );
    }
    return {
      status: 200,
      body: response.body,
      contentType: response.headers.get("content-type") ?? undefined,
      headers: response.headers,
    };
  }
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}
