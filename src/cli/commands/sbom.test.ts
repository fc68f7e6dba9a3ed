import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateCycloneDx, validateSpdx } from "../../test-support/json-schemas.js";
import { bufferIo } from "../io.js";
import { run } from "../run.js";
import { REPO_ROOT } from "../test-support/golden-text.js";

async function sbom(args: string[], env: NodeJS.ProcessEnv = {}) {
  const io = bufferIo(REPO_ROOT);
  io.env = { ...io.env, SOURCE_DATE_EPOCH: "", ...env };
  const code = await run(["sbom", "examples/goats", ...args], io);
  return { code, out: io.out, err: io.err };
}

describe("lk sbom, reproducible and by scope", () => {
  it("gives the same bytes twice with --reproducible, and a content-derived serial", async () => {
    const first = await sbom(["--reproducible"]);
    const second = await sbom(["--reproducible"]);
    expect(first.code).toBe(0);
    expect(second.out).toBe(first.out);
    const bom = JSON.parse(first.out);
    expect(bom.serialNumber).toMatch(
      /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(bom.metadata.timestamp).toBe("1970-01-01T00:00:00Z");
    expect(validateCycloneDx(bom).messages).toEqual([]);
    // Other content, another serial; without the flag, a random one each time.
    const prod = JSON.parse((await sbom(["--reproducible", "-s", "prod"])).out);
    expect(prod.serialNumber).not.toBe(bom.serialNumber);
    const random = [JSON.parse((await sbom([])).out), JSON.parse((await sbom([])).out)];
    expect(random[0].serialNumber).not.toBe(random[1].serialNumber);
  });

  it("takes its timestamp from SOURCE_DATE_EPOCH, in CycloneDX and SPDX alike", async () => {
    const cdx = await sbom([], { SOURCE_DATE_EPOCH: "0" });
    expect(JSON.parse(cdx.out).metadata.timestamp).toBe("1970-01-01T00:00:00Z");
    expect((await sbom([], { SOURCE_DATE_EPOCH: "0" })).out).toBe(cdx.out);
    const spdx = await sbom(["-f", "spdx"], { SOURCE_DATE_EPOCH: "1765128000" });
    const doc = JSON.parse(spdx.out);
    expect(doc.creationInfo.created).toBe("2025-12-07T17:20:00Z");
    expect((await sbom(["-f", "spdx"], { SOURCE_DATE_EPOCH: "1765128000" })).out).toBe(spdx.out);
    expect(doc.documentNamespace).toMatch(/^https:\/\/spdx\.org\/spdxdocs\/lockkeeper-.+-[0-9a-f-]{36}$/);
    expect(validateSpdx(doc).messages).toEqual([]);
  });

  it("rejects a SOURCE_DATE_EPOCH that is not whole seconds", async () => {
    const bad = await sbom([], { SOURCE_DATE_EPOCH: "yesterday" });
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/SOURCE_DATE_EPOCH must be whole seconds/);
  });

  it("includes only the packages of a scope, as lk inventory -s does", async () => {
    const all = JSON.parse((await sbom([])).out);
    const prod = JSON.parse((await sbom(["-s", "prod"])).out);
    const dev = JSON.parse((await sbom(["--scope", "dev"])).out);
    const purls = (bom: { components: { purl?: string }[] }) => bom.components.map((c) => c.purl);
    expect(purls(prod)).toContain("pkg:pypi/django@4.2");
    expect(purls(prod)).not.toContain("pkg:npm/mocha@2.5.3");
    expect(purls(dev)).toContain("pkg:npm/mocha@2.5.3");
    expect(prod.components.length + dev.components.length).toBe(all.components.length);
    expect(validateCycloneDx(prod).messages).toEqual([]);
  });
});

describe("lk sbom --installed", () => {
  const lock = {
    name: "app",
    version: "1.0.0",
    lockfileVersion: 3,
    packages: {
      "": {
        name: "app",
        version: "1.0.0",
        dependencies: { a: "^1.0.0" },
        optionalDependencies: { b: "^1.0.0" },
      },
      "node_modules/a": { version: "1.0.0", license: "MIT" },
      // An optional package for another platform: locked, never installed here.
      "node_modules/b": { version: "1.0.0", optional: true, os: ["win32"] },
    },
  };

  it("lists what node_modules holds, not all that is locked, and says so in the metadata", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lk-sbom-installed-"));
    try {
      writeFileSync(
        join(dir, "package.json"),
        JSON.stringify({
          name: "app",
          version: "1.0.0",
          dependencies: { a: "^1.0.0" },
          optionalDependencies: { b: "^1.0.0" },
        }),
      );
      writeFileSync(join(dir, "package-lock.json"), JSON.stringify(lock));
      const run_ = async (args: string[]) => {
        const io = bufferIo(dir);
        const code = await run(["sbom", ".", ...args], io);
        return { code, out: io.out, err: io.err };
      };
      const nothing = await run_(["--installed"]);
      expect(nothing.code).toBe(2);
      expect(nothing.err).toContain("package-lock.json: none of its 2 packages is installed");

      mkdirSync(join(dir, "node_modules", "a"), { recursive: true });
      writeFileSync(
        join(dir, "node_modules", "a", "package.json"),
        '{"name":"a","version":"1.0.0","license":"MIT"}',
      );
      const installed = JSON.parse((await run_(["--installed"])).out);
      expect(installed.components.map((c: { purl: string }) => c.purl)).toEqual(["pkg:npm/a@1.0.0"]);
      expect(installed.metadata.lifecycles).toEqual([{ phase: "build" }]);
      expect(installed.metadata.properties).toContainEqual({
        name: "lockkeeper:contents",
        value: "installed",
      });
      expect(validateCycloneDx(installed).messages).toEqual([]);

      const locked = JSON.parse((await run_([])).out);
      expect(locked.components.map((c: { purl: string }) => c.purl)).toEqual([
        "pkg:npm/a@1.0.0",
        "pkg:npm/b@1.0.0",
      ]);
      expect(locked.metadata.properties).toContainEqual({ name: "lockkeeper:contents", value: "locked" });
      const spdx = JSON.parse((await run_(["--installed", "-f", "spdx"])).out);
      expect(spdx.creationInfo.comment).toContain("Contents: installed");
      expect(validateSpdx(spdx).messages).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
