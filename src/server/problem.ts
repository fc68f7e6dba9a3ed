import type { FastifyReply } from "fastify";

/** An RFC 9457 problem details body: what every error response of the API carries. */
export interface ProblemFields {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
}

/** The standard members and any extension members (RFC 9457 §3.2). */
export type Problem = ProblemFields & Record<string, unknown>;

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

/**
 * Sends a problem. `type` stays "about:blank" (the status says it all) until a problem needs a
 * page of its own; the title is then the status's standard phrase, as RFC 9457 asks.
 */
export function sendProblem(
  reply: FastifyReply,
  problem: Omit<ProblemFields, "type"> & { type?: string } & Record<string, unknown>,
): FastifyReply {
  return reply
    .code(problem.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send({ type: "about:blank", ...problem });
}

/**
 * An error a route throws to answer with a problem (404 for an unknown project, 409 for a
 * duplicate name): the app's error handler turns it into the response. `extensions` become extra
 * members of the problem body (RFC 9457 §3.2), e.g. `errors` for validation details; `headers` go
 * on the response (`Retry-After` for a 429, `WWW-Authenticate` for a 401).
 */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly extensions: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = "HttpProblem";
  }
}
