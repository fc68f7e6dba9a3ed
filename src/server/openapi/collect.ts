import type { FastifyInstance, RouteOptions } from "fastify";

declare module "fastify" {
  /** Route documentation members, read by the OpenAPI document (not by validation). */
  interface FastifySchema {
    summary?: string;
    description?: string;
    tags?: string[];
  }
}

/** What the OpenAPI document needs of one route. */
export interface DocumentedRoute {
  method: string;
  url: string;
  schema: {
    summary?: string;
    description?: string;
    tags?: string[];
    params?: unknown;
    querystring?: unknown;
    body?: unknown;
    response?: Record<string, unknown>;
  };
}

/**
 * Collects the `/api/v1` routes as they are registered, with the schemas that validate them: the
 * OpenAPI document is made from what the server enforces, so it cannot drift from it. Call before
 * the routes are added.
 */
export function collectApiRoutes(app: FastifyInstance): DocumentedRoute[] {
  const routes: DocumentedRoute[] = [];
  app.addHook("onRoute", (route: RouteOptions) => {
    if (!route.url.startsWith("/api/v1/")) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === "HEAD") continue; // Fastify adds one to every GET
      routes.push({
        method: method.toLowerCase(),
        url: route.url,
        schema: (route.schema ?? {}) as DocumentedRoute["schema"],
      });
    }
  });
  return routes;
}
