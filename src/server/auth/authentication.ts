import type { FastifyInstance, FastifyRequest } from "fastify";
import { HttpProblem } from "../problem.js";
import { principalOfToken } from "./api-tokens.js";
import { parseCookies } from "./cookies.js";
import type { AuthDependencies } from "./dependencies.js";
import { sameSecret } from "./secrets.js";
import { csrfTokenOf, findSession, SESSION_COOKIE } from "./sessions.js";

/** Methods that change something: a cookie-authenticated one must prove it comes from our pages. */
const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
export const CSRF_HEADER = "x-csrf-token";

/** The session secret a request's cookie carries, if any. */
export function sessionSecretOf(request: FastifyRequest): string | undefined {
  return parseCookies(request.headers.cookie).get(SESSION_COOKIE);
}

/**
 * Sets `request.principal` for API requests: from `Authorization: Bearer lkt_…` (a bad token is a
 * 401 at once: the client meant to authenticate) or else from the session cookie (a stale cookie
 * only leaves the request anonymous: browsers keep cookies after sessions end). A cookie-borne
 * POST/PUT/PATCH/DELETE must carry the session's CSRF token in X-CSRF-Token; bearer requests need
 * none, as a browser never adds an Authorization header to a cross-site request by itself.
 * /healthz and /readyz stay out of it: probes must not depend on the users table.
 */
export function registerAuthentication(app: FastifyInstance, deps: AuthDependencies): void {
  app.addHook("onRequest", async (request) => {
    if (!request.url.startsWith("/api/")) return;
    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const bearer = /^Bearer +(\S+)$/i.exec(authorization)?.[1];
      const principal = bearer === undefined ? undefined : await principalOfToken(deps, bearer);
      if (!principal) {
        throw new HttpProblem(
          401,
          "the API token is unknown, expired or revoked (send Authorization: Bearer lkt_…)",
          {},
          { "www-authenticate": 'Bearer error="invalid_token"' },
        );
      }
      request.principal = principal;
      return;
    }
    const secret = sessionSecretOf(request);
    if (secret === undefined) return;
    const session = await findSession(deps.db, secret, deps.now());
    if (!session) return;
    if (UNSAFE_METHODS.has(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== "string" || !sameSecret(sent, csrfTokenOf(secret))) {
        throw new HttpProblem(
          403,
          "missing or wrong X-CSRF-Token header (the csrfToken of login or /auth/me)",
        );
      }
    }
    request.principal = {
      kind: "user",
      id: session.userId,
      actor: session.email,
      role: session.role,
      projectIds: null,
      userId: session.userId,
    };
  });
}
