import { describe, expect, it } from "vitest";
import { defaultConfig } from "../config/schema.js";
import { compilePolicy } from "../licenses/policy.js";
import { licensesSettingsOf } from "../licenses/settings.js";
import { type VetCandidate, vetChange } from "./vet.js";

describe("vetChange: install scripts", () => {
  it("allows install scripts of the named package only, never of a scoped namesake", () => {
    const candidate = (name: string): VetCandidate => ({
      ecosystem: "npm",
      name,
      version: "1.0.0",
      requested: true,
      scope: "prod",
      hasInstallScript: true,
    });
    const problems = vetChange([candidate("esbuild"), candidate("@evil/esbuild")], [], {
      minimumReleaseAgeDays: 0,
      allowInstallScripts: ["esbuild"],
      policy: compilePolicy(licensesSettingsOf(defaultConfig())),
      now: new Date(),
    });
    expect(problems.filter((p) => p.check === "install-script").map((p) => p.package)).toEqual([
      "@evil/esbuild@1.0.0",
    ]);
  });
});
