import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DOCUMENT_SCHEMAS, type DocumentSchema, validateDocument } from "../test-support/json-schemas.js";
import { REPO_ROOT } from "./test-support/golden-text.js";

/**
 * Every JSON output of the CLI against its published schema (schema/*.schema.json), using the
 * golden outputs: the golden test proves they are what the commands print on the example project.
 * outdated, update and verify-prod need a registry or an install: their tests validate their output.
 */
const GOLDEN = join(REPO_ROOT, "src/cli/golden");

const GOLDEN_DOCUMENTS: Record<string, DocumentSchema> = {
  "scan.json": "scan",
  "licenses.json": "licenses",
  "diff.json": "diff",
  "history.json": "history",
  "history-package.json": "history",
  "check-imports.json": "check-imports",
  "inventory.json": "inventory",
  "why.json": "why",
  "db-status.json": "db-status",
};

/** The stdout of a golden file, with its placeholders (ages) made values of the right type again. */
function goldenDocument(name: string): unknown {
  const text = readFileSync(join(GOLDEN, name), "utf8");
  const stdout = text.slice(text.indexOf("--- stdout\n") + 11, text.indexOf("--- stderr\n"));
  return JSON.parse(stdout.replaceAll('"ageDays": "<age>"', '"ageDays": 1'));
}

describe("JSON documents and their schemas", () => {
  it.each(Object.entries(GOLDEN_DOCUMENTS))("%s validates against schema/%s.schema.json", (file, schema) => {
    const result = validateDocument(schema, goldenDocument(file));
    expect(result.messages).toEqual([]);
  });

  it("covers every JSON golden output", () => {
    const goldens = readdirSync(GOLDEN).filter((f) => f.endsWith(".json") && !f.startsWith("sbom-"));
    expect(goldens.sort()).toEqual(Object.keys(GOLDEN_DOCUMENTS).sort());
  });

  it("has a schema file, draft 2020-12, for each document", () => {
    const files = readdirSync(join(REPO_ROOT, "schema")).filter((f) => f !== "lockkeeper.schema.json");
    expect(files.sort()).toEqual(DOCUMENT_SCHEMAS.map((name) => `${name}.schema.json`).sort());
    for (const name of DOCUMENT_SCHEMAS) {
      const schema = JSON.parse(readFileSync(join(REPO_ROOT, "schema", `${name}.schema.json`), "utf8"));
      expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
      expect(schema.required).toContain("schemaVersion");
    }
  });

  it("rejects a document that breaks its schema (the schemas are not empty)", () => {
    const scan = goldenDocument("scan.json") as {
      summary: { verdict: string };
      findings: { severity: { level: string } }[];
    };
    scan.summary.verdict = "maybe";
    (scan.findings[0] as { severity: { level: string } }).severity.level = "severe";
    const result = validateDocument("scan", scan);
    expect(result.valid).toBe(false);
    expect(result.messages.join("\n")).toMatch(
      /\/summary\/verdict must be equal to one of the allowed values/,
    );
    expect(validateDocument("inventory", { schemaVersion: 1 }).valid).toBe(false);
    const why = goldenDocument("why.json") as object;
    expect(validateDocument("why", { ...why, schemaVersion: 2 }).valid).toBe(false);
  });

  it("writes every timestamp as RFC 3339 UTC with milliseconds", () => {
    for (const file of Object.keys(GOLDEN_DOCUMENTS)) {
      const text = JSON.stringify(goldenDocument(file));
      for (const [, value] of text.matchAll(/"(\d{4}-\d{2}-\d{2}T[^"]*)"/g))
        expect(value).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    }
  });
});
