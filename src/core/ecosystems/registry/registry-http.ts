import { type FetchLike, type HttpOptions, httpGet } from "../../advisories/sources/http-client.js";
import { isLockkeeperError, LockkeeperError } from "../../errors.js";

/** How a registry client reaches its registry. Tests point `baseUrl` at a local server. */
export interface RegistryConnection {
  /** The registry's name in messages: "npm registry", "PyPI". */
  registry: string;
  baseUrl: string;
  /** Sent as a bearer token; never written to messages, logs or the cache. */
  token?: string;
  http?: Pick<HttpOptions, "fetch" | "retries" | "retryDelayMs" | "timeoutMs">;
}

export type RegistryResponse = { status: 404 } | { status: 200; json: unknown };

/**
 * GET a JSON document from a registry, with the retries and backoff of `httpGet` (429, 5xx,
 * network errors). 404 is an answer (no such package or version); any other failure is a
 * NETWORK error that names the registry and a URL stripped of credentials.
 */
export async function registryGetJson(
  url: string,
  accept: string,
  connection: RegistryConnection,
): Promise<RegistryResponse> {
  const response = await registryGet(url, accept, connection);
  if (response.status === 404) return response;
  try {
    return { status: 200, json: JSON.parse(Buffer.from(response.body).toString("utf8")) };
  } catch {
    throw new LockkeeperError(
      "NETWORK",
      `the ${connection.registry} sent a response that is not JSON for ${redactUrl(url)}`,
    );
  }
}

/**
 * Hosts that gave no answer at all even after the retries, for a minute: the next requests fail
 * at once with the same error, rather than every package of an outdated check retrying on its own.
 */
const unreachable = new Map<string, { error: LockkeeperError; until: number }>();
const UNREACHABLE_MEMORY_MS = 60_000;

export type RegistryBytesResponse =
  | { status: 404 }
  | { status: 200; body: Uint8Array; contentType: string | undefined };

/**
 * GET any document (a tarball, an HTML simple index) from a registry, with the same retries,
 * credentials and errors as `registryGetJson`.
 */
export async function registryGet(
  url: string,
  accept: string,
  connection: RegistryConnection,
): Promise<RegistryBytesResponse> {
  const shown = redactUrl(url);
  const baseFetch: FetchLike = connection.http?.fetch ?? globalThis.fetch;
  const headers: Record<string, string> = { accept, "user-agent": "lockkeeper" };
  // fetch refuses URLs with credentials: `https://user:pass@host` becomes Basic authentication.
  const { plainUrl, basic } = splitCredentials(url);
  if (connection.token) headers.authorization = `Bearer ${connection.token}`;
  else if (basic) headers.authorization = `Basic ${basic}`;
  let contentType: string | undefined;
  const fetchWithHeaders: FetchLike = async (input, init) => {
    const answer = await baseFetch(input, { ...init, headers });
    contentType = answer.headers.get("content-type") ?? undefined;
    return answer;
  };
  const origin = new URL(plainUrl).origin;
  const down = unreachable.get(origin);
  if (down && down.until > Date.now()) throw down.error;
  let response: Awaited<ReturnType<typeof httpGet>>;
  try {
    response = await httpGet(plainUrl, { ...connection.http, fetch: fetchWithHeaders });
  } catch (error: unknown) {
    if (!isLockkeeperError(error)) throw error;
    const problem = error.message.replace(`cannot download ${plainUrl}: `, "").replaceAll(url, shown);
    const failure = new LockkeeperError(
      "NETWORK",
      `the ${connection.registry} cannot be reached (${shown}): ${problem}`,
      { hint: `check the network or the registry URL (${redactUrl(connection.baseUrl)})` },
    );
    // No answer at all (DNS, refused, timeout: httpGet keeps the fetch error as the cause), as
    // opposed to a server answering 5xx for this one document.
    if (error.cause !== undefined) {
      unreachable.set(origin, { error: failure, until: Date.now() + UNREACHABLE_MEMORY_MS });
    }
    throw failure;
  }
  if (response.status === 404 || response.status === 410) return { status: 404 };
  if (response.status < 200 || response.status > 299) {
    const denied = response.status === 401 || response.status === 403;
    throw new LockkeeperError(
      "NETWORK",
      `the ${connection.registry} answered HTTP ${response.status} for ${shown}`,
      {
        hint: denied ? "the registry wants credentials: check the token setting" : undefined,
      },
    );
  }
  return { status: 200, body: response.body, contentType };
}

function splitCredentials(url: string): { plainUrl: string; basic?: string } {
  try {
    const parsed = new URL(url);
    if (!parsed.username && !parsed.password) return { plainUrl: url };
    const basic = Buffer.from(
      `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`,
    ).toString("base64");
    parsed.username = "";
    parsed.password = "";
    return { plainUrl: parsed.toString(), basic };
  } catch {
    return { plainUrl: url };
  }
}

/** A URL without user, password or token-like query parameters, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username) parsed.username = "***";
    if (parsed.password) parsed.password = "***";
    for (const key of [...parsed.searchParams.keys()]) {
      if (/token|key|secret|auth|password/i.test(key)) parsed.searchParams.set(key, "***");
    }
    return parsed.toString();
  } catch {
    return url.replace(/\/\/[^/@]*@/, "//***@");
  }
}

/** The base URL without trailing slashes, so paths can be appended with one. */
export function trimBaseUrl(url: string): string {
  return url.replace(/\/+$/, "");
}
