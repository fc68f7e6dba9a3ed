import { describe, expect, it } from "vitest";
import { validateCycloneDx, validateSarif, validateSpdx } from "./json-schemas.js";

describe("JSON Schema validators", () => {
  it("accept minimal valid documents", () => {
    expect(validateCycloneDx({ bomFormat: "CycloneDX", specVersion: "1.6" }).valid).toBe(true);
    expect(
      validateSpdx({
        spdxVersion: "SPDX-2.3",
        dataLicense: "CC0-1.0",
        SPDXID: "SPDXRef-DOCUMENT",
        name: "x",
        documentNamespace: "https://example.com/x",
        creationInfo: { created: "2024-01-01T00:00:00Z", creators: ["Tool: x-1"] },
      }).valid,
    ).toBe(true);
    const sarif = {
      version: "2.1.0",
      runs: [{ tool: { driver: { name: "lockkeeper", rules: [{ id: "LK001" }] } }, results: [] }],
    };
    expect(validateSarif(sarif)).toMatchObject({ valid: true, messages: [] });
  });

  it("reject invalid ones with readable messages", () => {
    const bom = validateCycloneDx({ bomFormat: "CycloneDX", specVersion: "1.6", serialNumber: "42" });
    expect(bom.valid).toBe(false);
    expect(bom.messages[0]).toMatch(/^\/serialNumber must match pattern/);
    expect(validateSpdx({ spdxVersion: "SPDX-2.3" }).valid).toBe(false);
    const sarif = validateSarif({ version: "2.1.0", runs: [{ tool: {} }] });
    expect(sarif.valid).toBe(false);
    expect(sarif.messages.some((m) => m.startsWith("/runs/0/tool must have required property"))).toBe(true);
  });
});
