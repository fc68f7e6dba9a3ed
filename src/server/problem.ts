import type { FastifyReply } from "fastify";

/** An RFC 9457 problem details body: what every error response of the API carries. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
}

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

/**
 * Sends a problem. `type` stays "about:blank" (the status says it all) until a problem needs a
 * page of its own; the title is then the status's standard phrase, as RFC 9457 asks.
 */
export function sendProblem(
  reply: FastifyReply,
  problem: Omit<Problem, "type"> & { type?: string },
): FastifyReply {
  return reply
    .code(problem.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send({ type: "about:blank", ...problem });
}
