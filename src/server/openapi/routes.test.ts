import { describe, expect, it } from "vitest";
import { buildApp } from "../app.js";
import { openDatabase } from "../db/connection.js";
import { sharedAdvisories } from "../test-support/advisories.js";

describe("the API reference", () => {
  it("documents every /api/v1 route from the schemas that validate it", async () => {
    const db = await openDatabase({ kind: "pglite-memory" });
    try {
      const { app } = await buildApp({ db, advisories: sharedAdvisories(), version: "9.9.9" });
      await app.ready();
      const registered = app
        .printRoutes({ commonPrefix: false })
        .split("\n")
        .filter((line) => line.includes("/api/v1/"));
      expect(registered.length).toBeGreaterThan(0);

      const document = (await app.inject({ method: "GET", url: "/api/openapi.json" })).json();
      expect(document).toMatchObject({
        openapi: "3.1.0",
        info: { title: "Lockkeeper API", version: "9.9.9" },
      });
      const operations = Object.entries(
        document.paths as Record<string, Record<string, { operationId: string; summary?: string }>>,
      ).flatMap(([path, methods]) =>
        Object.entries(methods).map(([method, operation]) => ({ path, method, ...operation })),
      );
      const ids = operations.map((operation) => operation.operationId);
      expect(new Set(ids).size).toBe(ids.length);
      for (const operation of operations)
        expect(operation.summary, `${operation.method} ${operation.path}`).toBeTruthy();
      expect(
        document.paths["/api/v1/projects/{project}"].patch.requestBody.content["application/json"].schema,
      ).toMatchObject({
        additionalProperties: false,
      });
      expect(document.paths["/api/v1/projects"].get.parameters.map((p: { name: string }) => p.name)).toEqual([
        "limit",
        "cursor",
        "q",
        "team",
      ]);

      const page = await app.inject({ method: "GET", url: "/api/docs" });
      expect(page.headers["content-type"]).toBe("text/html; charset=utf-8");
      expect(page.headers["content-security-policy"]).toContain("default-src 'none'");
      for (const operation of operations) expect(page.body).toContain(`<code>${operation.path}</code>`);
      await app.close();
    } finally {
      await db.destroy();
    }
  });
});
