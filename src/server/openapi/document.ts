import type { DocumentedRoute } from "./collect.js";

interface ObjectSchema {
  type?: string;
  properties?: Record<string, { description?: string } & Record<string, unknown>>;
  required?: string[];
}

const PROBLEM = {
  description: "An RFC 9457 problem",
  content: {
    "application/problem+json": {
      schema: {
        type: "object",
        required: ["type", "title", "status"],
        properties: {
          type: { type: "string" },
          title: { type: "string" },
          status: { type: "integer" },
          detail: { type: "string" },
        },
      },
    },
  },
};

/**
 * The OpenAPI 3.1 document of the API. 3.1 takes JSON Schema as it is, so the routes' schemas are
 * copied, not translated. Path parameters `:name` become `{name}`.
 */
export function openApiDocument(routes: readonly DocumentedRoute[], version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of [...routes].sort((a, b) => a.url.localeCompare(b.url))) {
    const path = route.url.replace(/:([A-Za-z0-9_]+)/g, "{$1}");
    const { schema } = route;
    const pathParameters = [...route.url.matchAll(/:([A-Za-z0-9_]+)/g)].map(([, name]) => ({
      name,
      in: "path",
      required: true,
      schema: (schema.params as ObjectSchema | undefined)?.properties?.[name as string] ?? { type: "string" },
    }));
    const query = schema.querystring as ObjectSchema | undefined;
    const queryParameters = Object.entries(query?.properties ?? {}).map(([name, property]) => ({
      name,
      in: "query",
      required: query?.required?.includes(name) ?? false,
      ...(property.description ? { description: property.description } : {}),
      schema: property,
    }));
    const responses: Record<string, unknown> = {};
    for (const [status, response] of Object.entries(schema.response ?? {})) {
      responses[status] = {
        description: (response as { description?: string }).description ?? "Success",
        content: { "application/json": { schema: response } },
      };
    }
    if (Object.keys(responses).length === 0) responses["200"] = { description: "Success" };
    responses["4XX"] = PROBLEM;
    paths[path] ??= {};
    (paths[path] as Record<string, unknown>)[route.method] = {
      operationId: `${route.method}${path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? "").toUpperCase())}`,
      ...(schema.summary ? { summary: schema.summary } : {}),
      ...(schema.description ? { description: schema.description } : {}),
      tags: schema.tags ?? [route.url.split("/")[3] ?? "api"],
      parameters: [...pathParameters, ...queryParameters],
      ...(schema.body
        ? { requestBody: { required: true, content: { "application/json": { schema: schema.body } } } }
        : {}),
      responses,
      security: [{ bearer: [] }, { session: [] }],
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Lockkeeper API",
      version,
      description:
        "Projects, snapshots, findings, triage, policies and the audit log. Errors are RFC 9457 problem details; lists page with `limit` and the `nextCursor` of the previous page.",
    },
    servers: [{ url: "/" }],
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "An API token (`lkt_…`), e.g. for CI." },
        session: {
          type: "apiKey",
          in: "cookie",
          name: "lk_session",
          description: "A browser session; unsafe methods also need the `X-CSRF-Token` header.",
        },
      },
    },
    paths,
  };
}
