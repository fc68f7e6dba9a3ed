import type { FastifyInstance } from "fastify";
import type { DocumentedRoute } from "./collect.js";
import { docsPage } from "./docs-page.js";
import { openApiDocument } from "./document.js";

/**
 * `/api/openapi.json` and `/api/docs`, made once on first request (every route is registered by
 * then) from the routes `collectApiRoutes` saw. Public: the API's shape is no secret, its data is.
 */
export function registerApiDocs(
  app: FastifyInstance,
  routes: readonly DocumentedRoute[],
  version: string,
): void {
  let document: ReturnType<typeof openApiDocument> | undefined;
  let page: string | undefined;
  const documentNow = () => {
    document ??= openApiDocument(routes, version);
    return document;
  };
  app.get("/api/openapi.json", async () => documentNow());
  app.get("/api/docs", async (_request, reply) => {
    page ??= docsPage(documentNow());
    return reply
      .type("text/html; charset=utf-8")
      .header("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'")
      .send(page);
  });
}
