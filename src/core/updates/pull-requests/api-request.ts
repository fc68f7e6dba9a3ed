import { LockkeeperError } from "../../errors.js";
import { HttpClient, type HttpClientOptions } from "../../http/http-client.js";
import { HttpError, type HttpProblem } from "../../http/http-error.js";
import { API_RETRY_POLICY } from "../../http/retry-policy.js";
import { redactUrl, trimBaseUrl } from "../../http/urls.js";

/** Knobs of the HTTP calls (tests shorten them; the first backoff defaults to 1 s), and cancellation. */
export interface ApiTuning extends HttpClientOptions {
  signal?: AbortSignal;
}

/** How a provider sends: its HTTP client and signal, from its options (which also hold the token). */
export function apiTransport(options: ApiTuning): Pick<ApiClient, "http" | "signal"> {
  const { fetch, timeoutMs, retries, retryDelayMs, signal } = options;
  const http = new HttpClient({
    ...(fetch ? { fetch } : {}),
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    ...(retries !== undefined ? { retries } : {}),
    retryDelayMs: retryDelayMs ?? DEFAULT_RETRY_DELAY_MS,
  });
  return signal ? { http, signal } : { http };
}

/** A code-hosting API and how to authenticate to it. */
export interface ApiClient {
  /** The service in messages: "GitHub", "GitLab". */
  service: string;
  /** What the token must be allowed to create, for the hint of a refused token: "pull requests". */
  creates: string;
  baseUrl: string;
  /** Sent with every request (authentication, API version); never put in messages. */
  headers: Record<string, string>;
  /** The environment variable the token came from, named in hints. */
  tokenEnv: string;
  http: HttpClient;
  /** Cancels the requests (CANCELLED). */
  signal?: AbortSignal;
}

export type ApiMethod = "GET" | "POST" | "PATCH" | "PUT";

/** A successful (or allowed) answer with its parsed JSON body (undefined when empty). */
export interface ApiResponse {
  status: number;
  json: unknown;
}

const DEFAULT_RETRY_DELAY_MS = 1_000;

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
  let answer: Awaited<ReturnType<HttpClient["request"]>>;
  try {
    answer = await client.http.request(url, {
      method,
      headers: {
        ...client.headers,
        "user-agent": "lockkeeper",
        ...(options.body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      retryPolicy: API_RETRY_POLICY,
      ...(client.signal ? { signal: client.signal } : {}),
    });
  } catch (error: unknown) {
    if (!(error instanceof HttpError)) throw error;
    throw new LockkeeperError(
      "NETWORK",
      `the ${client.service} API cannot be reached (${method} ${redactUrl(url)}): ${error.summary(describeProblem(error.problem))}`,
      { hint: `check the network and the API URL (${redactUrl(client.baseUrl)}), or try again later` },
    );
  }
  const text = Buffer.from(answer.body).toString("utf8");
  if ((answer.status >= 200 && answer.status < 300) || options.allow?.includes(answer.status)) {
    return { status: answer.status, json: parseJson(client, method, url, text) };
  }
  throw apiFailure(client, method, path, answer.status, parseJsonQuietly(text));
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

function parseJson(client: ApiClient, method: ApiMethod, url: string, text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
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

/** The API's explanation beside a retried status; "no answer within" for a silent API. */
function describeProblem(problem: HttpProblem): string {
  if (problem.kind === "timeout") return `no answer within ${problem.idleMs} ms`;
  if (problem.kind === "network") return problem.message;
  const said = describeMessage(parseJsonQuietly(Buffer.from(problem.body).toString("utf8")), ": ");
  return `HTTP ${problem.status}${said}`;
}
