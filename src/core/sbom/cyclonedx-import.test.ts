import { describe, expect, it } from "vitest";
import { isLockkeeperError } from "../errors.js";
import { MemoryFiles } from "../files/project-files.js";
import { cycloneDxParser } from "./cyclonedx-import.js";

const parse = (content: string, path = "sboms/bom.json") =>
  cycloneDxParser.parse({ path, content, files: new MemoryFiles({}) });

const EXPRESS_SHA512 =
  "3e7a4a1e8b6ad7b16a3e4d6b7d4d9cc4bd0d4bdc2ac6bb2b3d3e7b7f2f8b6c1e4b0d1f3a1c0f5a3b1c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4";

/** As another tool writes it: cyclonedx-npm style properties, nesting, a Java component, no Lockkeeper annotations. */
const FOREIGN = {
  bomFormat: "CycloneDX",
  specVersion: "1.5",
  version: 1,
  metadata: { component: { type: "application", "bom-ref": "app", name: "shop", version: "2.0.0" } },
  components: [
    {
      type: "library",
      "bom-ref": "pkg:maven/org.apache.commons/commons-lang3@3.14.0",
      group: "org.apache.commons",
      name: "commons-lang3",
      version: "3.14.0",
      purl: "pkg:maven/org.apache.commons/commons-lang3@3.14.0",
    },
    {
      type: "library",
      "bom-ref": "express@4.18.2",
      name: "express",
      version: "4.18.2",
      purl: "pkg:npm/express@4.18.2",
      hashes: [
        { alg: "SHA-512", content: EXPRESS_SHA512.toUpperCase() },
        { alg: "BLAKE3", content: "00ff" },
      ],
      licenses: [{ license: { id: "MIT" } }],
      externalReferences: [
        { type: "vcs", url: "git+https://github.com/expressjs/express.git" },
        { type: "distribution", url: "https://registry.npmjs.org/express/-/express-4.18.2.tgz" },
      ],
    },
    {
      type: "library",
      "bom-ref": "mocha",
      name: "mocha",
      version: "10.2.0",
      purl: "pkg:npm/mocha@10.2.0",
      properties: [{ name: "cdx:npm:package:development", value: "true" }],
    },
    {
      type: "library",
      "bom-ref": "req",
      name: "Requests",
      version: "2.31.0",
      purl: "pkg:pypi/requests@2.31.0",
      scope: "optional",
    },
    { type: "library", "bom-ref": "vendored", name: "vendored-thing", version: "1.0" },
    "not a component",
    {
      type: "library",
      "bom-ref": "types-node",
      group: "@types",
      name: "node",
      purl: "pkg:npm/%40types/node@20.11.0",
      components: [
        {
          type: "library",
          "bom-ref": "undici",
          name: "undici-types",
          version: "5.26.5",
          purl: "pkg:npm/undici-types@5.26.5",
        },
      ],
    },
  ],
  dependencies: [
    {
      ref: "app",
      dependsOn: [
        "express@4.18.2",
        "mocha",
        "pkg:maven/org.apache.commons/commons-lang3@3.14.0",
        "req",
        "types-node",
      ],
    },
    { ref: "express@4.18.2", dependsOn: ["ghost"] },
    { ref: "types-node", dependsOn: ["undici"] },
  ],
};

describe("cycloneDxParser on a foreign BOM", () => {
  const snapshot = parse(JSON.stringify(FOREIGN));
  const pkg = (id: string) => snapshot.packages.find((p) => p.id === id);

  it("reports components of other ecosystems, without purl or unreadable as skipped", () => {
    expect(snapshot.coverage.entries).toBe(8);
    expect(snapshot.coverage.parsed).toBe(5);
    expect(snapshot.coverage.skipped).toEqual([
      {
        entry: "pkg:maven/org.apache.commons/commons-lang3@3.14.0",
        reason: 'unsupported package type "maven" (Lockkeeper reads npm and PyPI packages)',
      },
      { entry: "vendored", reason: "no purl: cannot tell the package's ecosystem" },
      { entry: "components[5]", reason: "not a component object" },
    ]);
  });

  it("reads npm and PyPI components, nested ones too", () => {
    expect(snapshot.packages.map((p) => p.id)).toEqual([
      "npm:@types/node@20.11.0",
      "npm:express@4.18.2",
      "npm:mocha@10.2.0",
      "npm:undici-types@5.26.5",
      "pypi:requests@2.31.0",
    ]);
    expect(pkg("pypi:requests@2.31.0")?.displayName).toBe("Requests");
    expect(pkg("npm:@types/node@20.11.0")?.purl).toBe("pkg:npm/%40types/node@20.11.0");
  });

  it.each([
    ["npm:express@4.18.2", "prod", true],
    ["npm:mocha@10.2.0", "dev", true], // cdx:npm:package:development
    ["pypi:requests@2.31.0", "optional", true], // scope: optional
    ["npm:@types/node@20.11.0", "prod", true],
    ["npm:undici-types@5.26.5", "prod", false],
  ])("%s is %s, direct %s", (id, scope, direct) => {
    expect(pkg(id)?.scope).toBe(scope);
    expect(pkg(id)?.direct).toBe(direct);
  });

  it("keeps supported hashes, the licence and the distribution URL", () => {
    const express = pkg("npm:express@4.18.2");
    expect(express?.hashes).toEqual([{ algorithm: "sha512", value: EXPRESS_SHA512 }]);
    expect(express?.license).toBe("MIT");
    // The vcs reference is the project's repository, not where the package came from.
    expect(express?.source).toEqual({
      kind: "registry",
      url: "https://registry.npmjs.org/express/-/express-4.18.2.tgz",
    });
  });

  it("takes the metadata component as the project and warns about what it could not use", () => {
    expect(snapshot.roots).toEqual([{ id: "root:.", path: ".", name: "shop", version: "2.0.0" }]);
    expect(snapshot.lockfile.formatVersion).toBe("1.5");
    expect(snapshot.edges.map((e) => `${e.from} -> ${e.to} ${e.kind}`)).toEqual([
      "npm:@types/node@20.11.0 -> npm:undici-types@5.26.5 prod",
      "root:. -> npm:@types/node@20.11.0 prod",
      "root:. -> npm:express@4.18.2 prod",
      "root:. -> npm:mocha@10.2.0 dev",
      "root:. -> pypi:requests@2.31.0 optional",
    ]);
    expect(snapshot.coverage.warnings).toEqual([
      'dependencies: "ghost" is not a component of the BOM',
      "hashes not kept (algorithm not supported or digest not hex): BLAKE3",
    ]);
  });

  it("takes Lockkeeper's own scope and direct flag over what the graph gives", () => {
    // As pip-compile's lint.txt: only a dev root reaches click, but the production layer pins it too.
    const annotated = (name: string, scope: string, direct: string) => ({
      type: "library",
      "bom-ref": name,
      name,
      version: "1.0.0",
      purl: `pkg:pypi/${name}@1.0.0`,
      properties: [
        { name: "lockkeeper:scope", value: scope },
        { name: "lockkeeper:direct", value: direct },
      ],
    });
    const snapshot = parse(
      JSON.stringify({
        bomFormat: "CycloneDX",
        specVersion: "1.6",
        metadata: { component: { type: "application", "bom-ref": "root:.", name: "lint" } },
        components: [
          annotated("djlint", "dev", "true"),
          annotated("click", "prod", "false"),
          annotated("loose", "dev", "true"),
        ],
        dependencies: [
          { ref: "root:.", dependsOn: ["djlint"] },
          { ref: "djlint", dependsOn: ["click"] },
        ],
      }),
    );
    expect(snapshot.packages.map((p) => [p.name, p.scope, p.direct])).toEqual([
      ["click", "prod", false],
      ["djlint", "dev", true],
      ["loose", "dev", true],
    ]);
  });
});

describe("cycloneDxParser on files it cannot read", () => {
  it("names the file and the line of a JSON syntax error", () => {
    const content = '{\n  "bomFormat": "CycloneDX",\n  "components": [\n    { "name": x }\n  ]\n}\n';
    expect(() => parse(content)).toThrowError(/invalid JSON/);
    try {
      parse(content);
    } catch (error: unknown) {
      expect(isLockkeeperError(error) && error.code).toBe("PARSE");
      expect(isLockkeeperError(error) && error.file).toBe("sboms/bom.json");
      expect(isLockkeeperError(error) && error.line).toBe(4);
    }
  });

  it.each([
    ["an array", "[1, 2, 3]"],
    ["another JSON document", '{"lockfileVersion": 3}'],
    ["an SPDX document", '{"spdxVersion": "SPDX-2.3"}'],
  ])("rejects %s with a PARSE error", (_label, content) => {
    try {
      parse(content);
      expect.unreachable();
    } catch (error: unknown) {
      expect(isLockkeeperError(error) && error.code).toBe("PARSE");
      expect(isLockkeeperError(error) && error.describe()).toMatch(
        /^sboms\/bom\.json:1: not a CycloneDX BOM/,
      );
    }
  });

  it("survives garbage inside a valid BOM", () => {
    const snapshot = parse(
      JSON.stringify({
        bomFormat: "CycloneDX",
        metadata: "nope",
        components: [
          { purl: 42 },
          { purl: "pkg:npm/" },
          { purl: "pkg:npm/ok@1.0.0", hashes: [null, { alg: "MD5" }], licenses: "MIT" },
        ],
        dependencies: [{ ref: 1 }, null, { ref: "pkg:npm/ok@1.0.0", dependsOn: "x" }],
      }),
    );
    expect(snapshot.lockfile.formatVersion).toBe("unknown");
    expect(snapshot.packages.map((p) => p.id)).toEqual(["npm:ok@1.0.0"]);
    expect(snapshot.coverage.skipped.map((s) => s.reason)).toEqual([
      "no purl: cannot tell the package's ecosystem",
      "not a valid purl: pkg:npm/",
    ]);
  });
});

describe("cycloneDxParser detection", () => {
  it.each([
    ["bom.json", true],
    ["sbom.json", true],
    ["app.cdx.json", true],
    ["app.bom.json", true],
    ["BOM.JSON", true],
    ["package.json", false],
    ["app.spdx.json", false],
  ])("claims %s: %s", (name, claimed) => {
    expect(cycloneDxParser.matchesFileName(name)).toBe(claimed);
  });

  it("sniffs the bomFormat", () => {
    expect(cycloneDxParser.sniff?.('{\n  "bomFormat" : "CycloneDX",\n "specVersion": "1.6"}')).toBe(true);
    expect(cycloneDxParser.sniff?.('{"spdxVersion": "SPDX-2.3"}')).toBe(false);
  });
});
