import { type FetchLike, parseRetryAfter } from "../../advisories/sources/http-client.js";
import { redactUrl, trimBaseUrl } from "../../ecosystems/registry/registry-http.js";
import { LockkeeperError } from "../../errors.js";

/** Knobs of the HTTP calls; tests shorten them. */
export interface ApiTuning {
  fetch?: FetchLike;
  /** Abort an attempt after this long (ms). Default 30 s. */
  timeoutMs?: number;
  /** Extra attempts after a network error, a timeout, 429 or 5xx. Default 3. */
  retries?: number;
  /** First backoff delay (ms), doubled each retry; `Retry-After` wins when sent. Default 1 s. */
  retryDelayMs?: number;
}

/** Only the tuning fields of a provider's options (which also hold the token). */
export function tuningOf(options: ApiTuning): ApiTuning {
  const { fetch, timeoutMs, retries, retryDelayMs } = options;
  return { fetch, timeoutMs, retries, retryDelayMs };
}

/** A code-hosting API and how to authenticate to it. */
export interface ApiClient extends ApiTuning {
  /** The service in messages: "GitHub", "GitLab". */
  service: string;
  /** What the token must be allowed to create, for the hint of a refused token: "pull requests". */
  creates: string;
  baseUrl: string;
  /** Sent with every request (authentication, API version); never put in messages. */
  headers: Record<string, string>;
  /** The environment variable the token came from, named in hints. */
  tokenEnv: string;
}

export type ApiMethod = "GET" | "POST" | "PATCH" | "PUT";

/** A successful (or allowed) answer with its parsed JSON body (undefined when empty). */
export interface ApiResponse {
  status: number;
  json: unknown;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_RETRIES = 3;
const DEFAULT_RETRY_DELAY_MS = 1_000;
/** Rate limits asking for a longer wait than this fail now: a CLI run should not hang for an hour. */
const MAX_WAIT_MS = 60_000;

/**
 * Sends one JSON request to a code-hosting API: retries network errors, timeouts, 429, 5xx and
 * GitHub's rate-limit 403 (honouring `Retry-After`); returns 2xx answers and the statuses in
 * `allow` (a 422 or 409 the caller handles); throws NETWORK for the rest, with the API's own
 * message, and a hint naming the token variable when the token is refused.
 */
export async function apiRequest(
  client: ApiClient,
  method: ApiMethod,
  path: string,
  options: { body?: unknown; allow?: readonly number[] } = {},
): Promise<ApiResponse> {
  const url = `${trimBaseUrl(client.baseUrl)}${path}`;
  const retries = client.retries ?? DEFAULT_RETRIES;
  let problem = "";
  for (let attempt = 0; ; attempt++) {
    let asked: number | undefined;
    try {
      const answer = await sendOnce(client, method, url, options.body);
      if (!isRetryable(answer)) {
        if ((answer.status >= 200 && answer.status < 300) || options.allow?.includes(answer.status)) {
          return { status: answer.status, json: parseJson(client, method, url, answer) };
        }
        throw apiFailure(client, method, path, answer.status, parseJsonQuietly(answer.text));
      }
      problem = `HTTP ${answer.status}${describeMessage(parseJsonQuietly(answer.text), ": ")}`;
      asked = retryAfterMs(answer.headers);
    } catch (error: unknown) {
      if (error instanceof LockkeeperError) throw error;
      // fetch quotes a URL with credentials in its refusal: mask them like redactUrl does.
      problem = describeFetchError(error, client.timeoutMs ?? DEFAULT_TIMEOUT_MS).replace(
        /(\/\/)[^/@\s]+@/g,
        "$1***@",
      );
    }
    const tooLong = asked !== undefined && asked > MAX_WAIT_MS;
    if (attempt >= retries || tooLong) {
      const tries = `${attempt + 1} attempt${attempt === 0 ? "" : "s"}`;
      const wait = tooLong ? `, asked to wait ${Math.ceil((asked ?? 0) / 1000)} s` : "";
      throw new LockkeeperError(
        "NETWORK",
        `the ${client.service} API cannot be reached (${method} ${redactUrl(url)}): ${problem} (after ${tries}${wait})`,
        { hint: `check the network and the API URL (${redactUrl(client.baseUrl)}), or try again later` },
      );
    }
    const backoff = (client.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS) * 2 ** attempt;
    await new Promise((resolve) => setTimeout(resolve, asked ?? backoff));
  }
}

/**
 * The error for an API's refusal: 401/403 name the token variable, 404 the repository; the rest
 * carry the API's message. Exported for providers that allow a status and then refuse it after all.
 */
export function apiFailure(
  client: ApiClient,
  method: ApiMethod,
  path: string,
  status: number,
  json: unknown,
): LockkeeperError {
  const said = describeMessage(json, ": ");
  if (status === 401 || status === 403) {
    return new LockkeeperError(
      "NETWORK",
      `the ${client.service} API refused the token (HTTP ${status}${said})`,
      {
        hint: `check the token in the ${client.tokenEnv} environment variable: it must be valid and allowed to create ${client.creates} in this repository`,
      },
    );
  }
  const url = redactUrl(`${trimBaseUrl(client.baseUrl)}${path}`);
  return new LockkeeperError(
    "NETWORK",
    `the ${client.service} API answered HTTP ${status} to ${method} ${url}${said}`,
    {
      hint:
        status === 404
          ? `check the repository name and the API URL, and that the token in ${client.tokenEnv} can see the repository`
          : undefined,
    },
  );
}

/**
 * The API's explanation as one line: GitHub's `message` plus its `errors[].message`, GitLab's
 * `message` (a string, a list, or a field → messages object) or `error`.
 */
export function describeMessage(json: unknown, prefix = ""): string {
  if (!isRecord(json)) return "";
  const parts = [flatten(json.message ?? json.error)];
  if (Array.isArray(json.errors)) {
    for (const item of json.errors) {
      if (typeof item === "string") parts.push(item);
      else if (isRecord(item)) {
        parts.push(
          typeof item.message === "string" ? item.message : [item.field, item.code].filter(Boolean).join(" "),
        );
      }
    }
  }
  const text = parts.filter(Boolean).join("; ");
  return text ? `${prefix}${text}` : "";
}

interface RawAnswer {
  status: number;
  headers: Headers;
  text: string;
}

async function sendOnce(
  client: ApiClient,
  method: ApiMethod,
  url: string,
  body: unknown,
): Promise<RawAnswer> {
  const fetchImpl = client.fetch ?? globalThis.fetch;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), client.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  try {
    const response = await fetchImpl(url, {
      method,
      headers: {
        ...client.headers,
        "user-agent": "lockkeeper",
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: controller.signal,
    });
    return { status: response.status, headers: response.headers, text: await response.text() };
  } finally {
    clearTimeout(timer);
  }
}

function isRetryable(answer: RawAnswer): boolean {
  if (answer.status === 429 || answer.status >= 500) return true;
  // GitHub's secondary rate limit is a 403 with Retry-After, or with no requests left.
  return (
    answer.status === 403 &&
    (answer.headers.has("retry-after") || answer.headers.get("x-ratelimit-remaining") === "0")
  );
}

/** `Retry-After` (seconds or an HTTP date) in ms from now; GitHub's reset time when no requests are left. */
function retryAfterMs(headers: Headers): number | undefined {
  const asked = parseRetryAfter(headers.get("retry-after"));
  if (asked !== undefined) return asked;
  const reset = headers.get("x-ratelimit-reset");
  if (headers.get("x-ratelimit-remaining") === "0" && reset && /^\d+$/.test(reset)) {
    return Math.max(0, Number(reset) * 1000 - Date.now());
  }
  return undefined;
}

function parseJson(client: ApiClient, method: ApiMethod, url: string, answer: RawAnswer): unknown {
  if (answer.text.trim() === "") return undefined;
  try {
    return JSON.parse(answer.text);
  } catch {
    throw new LockkeeperError(
      "NETWORK",
      `the ${client.service} API sent a response that is not JSON to ${method} ${redactUrl(url)}`,
      {
        hint: `check the API URL (${redactUrl(client.baseUrl)}): it must be the API's base, not the web site`,
      },
    );
  }
}

function parseJsonQuietly(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function flatten(value: unknown): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map(flatten).filter(Boolean).join("; ");
  if (isRecord(value)) {
    return Object.entries(value)
      .map(([key, inner]) => `${key} ${flatten(inner)}`)
      .join("; ");
  }
  return "";
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describeFetchError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && error.name === "AbortError") return `no answer within ${timeoutMs} ms`;
  // undici says "fetch failed" and puts the useful part (ECONNREFUSED, ENOTFOUND) in `cause`.
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error && cause.message) return cause.message;
  return error instanceof Error ? error.message : String(error);
}
