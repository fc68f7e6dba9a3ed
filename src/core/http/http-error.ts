import { LockkeeperError } from "../errors.js";

/** Why the last attempt of a request failed. */
export type HttpProblem =
  /** The server answered, with a status the retry policy retries (429, 5xx). */
  | { kind: "status"; status: number; body: Uint8Array }
  /** No byte arrived for `idleMs`. */
  | { kind: "timeout"; idleMs: number }
  /** No answer at all: DNS, refused connection, reset (credentials already masked). */
  | { kind: "network"; message: string };

/**
 * A request that failed after its retries (NETWORK). The message names the URL without
 * credentials; callers that speak of a registry or an API put `summary()` after their own words.
 */
export class HttpError extends LockkeeperError {
  readonly problem: HttpProblem;
  readonly attempts: number;
  /** Set when the server asked for a wait too long to honour. */
  readonly askedWaitMs: number | undefined;

  constructor(
    /** Credentials already removed. */
    shownUrl: string,
    method: string,
    problem: HttpProblem,
    attempts: number,
    askedWaitMs: number | undefined,
    cause: unknown,
  ) {
    const verb = method === "GET" ? "download" : `send ${method} to`;
    const summary = summarise(describeProblem(problem), attempts, askedWaitMs);
    super("NETWORK", `cannot ${verb} ${shownUrl}: ${summary}`, { cause });
    this.problem = problem;
    this.attempts = attempts;
    this.askedWaitMs = askedWaitMs;
  }

  /** The server never answered (as opposed to answering 5xx for this one document). */
  get noAnswer(): boolean {
    return this.problem.kind !== "status";
  }

  /** `<problem> (after N attempts[, asked to wait S s])`, the problem worded by the caller if it likes. */
  summary(problem: string = describeProblem(this.problem)): string {
    return summarise(problem, this.attempts, this.askedWaitMs);
  }
}

/** `HTTP 503`, `no data for 30000 ms`, or the connection error. */
export function describeProblem(problem: HttpProblem): string {
  if (problem.kind === "status") return `HTTP ${problem.status}`;
  if (problem.kind === "timeout") return `no data for ${problem.idleMs} ms`;
  return problem.message;
}

function summarise(problem: string, attempts: number, askedWaitMs: number | undefined): string {
  const tries = `${attempts} attempt${attempts === 1 ? "" : "s"}`;
  const wait = askedWaitMs === undefined ? "" : `, asked to wait ${Math.ceil(askedWaitMs / 1000)} s`;
  return `${problem} (after ${tries}${wait})`;
}
