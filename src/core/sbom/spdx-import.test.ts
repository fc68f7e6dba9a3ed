import { describe, expect, it } from "vitest";
import { isLockkeeperError } from "../errors.js";
import { MemoryFiles } from "../files/project-files.js";
import { spdxParser } from "./spdx-import.js";

const parse = (content: string, path = "shop.spdx.json") =>
  spdxParser.parse({ path, content, files: new MemoryFiles({}) });

const purlRef = (purl: string, category = "PACKAGE-MANAGER") => [
  { referenceCategory: category, referenceType: "purl", referenceLocator: purl },
];
const EXPRESS_SHA1 = "b4e3f1c2a5d6e7f8091a2b3c4d5e6f708192a3b4";

/** As another tool writes it: SPDX 2.2 spelling, file elements, no Lockkeeper comments, a Java package. */
const FOREIGN = {
  spdxVersion: "SPDX-2.2",
  dataLicense: "CC0-1.0",
  SPDXID: "SPDXRef-DOCUMENT",
  name: "shop",
  documentNamespace: "https://example.com/shop-1",
  creationInfo: { created: "2024-01-01T00:00:00Z", creators: ["Tool: other-1.0"] },
  documentDescribes: ["SPDXRef-shop"],
  packages: [
    { SPDXID: "SPDXRef-shop", name: "shop", versionInfo: "2.0.0", downloadLocation: "NOASSERTION" },
    {
      SPDXID: "SPDXRef-express",
      name: "express",
      versionInfo: "4.18.2",
      downloadLocation: "https://registry.npmjs.org/express/-/express-4.18.2.tgz",
      licenseDeclared: "MIT",
      checksums: [
        { algorithm: "SHA1", checksumValue: EXPRESS_SHA1 },
        { algorithm: "MD2", checksumValue: "00" },
      ],
      externalRefs: purlRef("pkg:npm/express@4.18.2", "PACKAGE_MANAGER"),
    },
    {
      SPDXID: "SPDXRef-guava",
      name: "guava",
      versionInfo: "33.0.0-jre",
      downloadLocation: "NOASSERTION",
      externalRefs: purlRef("pkg:maven/com.google.guava/guava@33.0.0-jre"),
    },
    {
      SPDXID: "SPDXRef-pytest",
      name: "pytest",
      versionInfo: "8.0.0",
      downloadLocation: "NOASSERTION",
      externalRefs: purlRef("pkg:pypi/pytest@8.0.0"),
    },
    {
      SPDXID: "SPDXRef-pluggy",
      name: "pluggy",
      versionInfo: "1.4.0",
      downloadLocation: "NOASSERTION",
      externalRefs: purlRef("pkg:pypi/pluggy@1.4.0"),
    },
    {
      SPDXID: "SPDXRef-left",
      name: "left-pad",
      versionInfo: "1.3.0",
      downloadLocation: "git+https://github.com/left-pad/left-pad.git",
      externalRefs: purlRef("pkg:npm/left-pad@1.3.0"),
    },
    { SPDXID: "SPDXRef-mystery", name: "mystery", downloadLocation: "NOASSERTION" },
  ],
  files: [{ SPDXID: "SPDXRef-File-1", fileName: "./package.json", checksums: [] }],
  relationships: [
    { spdxElementId: "SPDXRef-shop", relationshipType: "DEPENDS_ON", relatedSpdxElement: "SPDXRef-express" },
    { spdxElementId: "SPDXRef-shop", relationshipType: "DEPENDS_ON", relatedSpdxElement: "SPDXRef-guava" },
    {
      spdxElementId: "SPDXRef-pytest",
      relationshipType: "TEST_DEPENDENCY_OF",
      relatedSpdxElement: "SPDXRef-shop",
    },
    {
      spdxElementId: "SPDXRef-pluggy",
      relationshipType: "DEPENDENCY_OF",
      relatedSpdxElement: "SPDXRef-pytest",
    },
    {
      spdxElementId: "SPDXRef-left",
      relationshipType: "OPTIONAL_DEPENDENCY_OF",
      relatedSpdxElement: "SPDXRef-express",
    },
    { spdxElementId: "SPDXRef-shop", relationshipType: "CONTAINS", relatedSpdxElement: "SPDXRef-File-1" },
    {
      spdxElementId: "SPDXRef-express",
      relationshipType: "DEPENDS_ON",
      relatedSpdxElement: "SPDXRef-nowhere",
    },
  ],
};

describe("spdxParser on a foreign document", () => {
  const snapshot = parse(JSON.stringify(FOREIGN));
  const pkg = (id: string) => snapshot.packages.find((p) => p.id === id);

  it("reports packages of other ecosystems and without purl as skipped", () => {
    expect(snapshot.coverage.entries).toBe(6);
    expect(snapshot.coverage.parsed).toBe(4);
    expect(snapshot.coverage.skipped).toEqual([
      {
        entry: "pkg:maven/com.google.guava/guava@33.0.0-jre",
        reason: 'unsupported package type "maven" (Lockkeeper reads npm and PyPI packages)',
      },
      { entry: "mystery", reason: "no purl: cannot tell the package's ecosystem" },
    ]);
  });

  it("takes the described package as the project", () => {
    expect(snapshot.roots).toEqual([{ id: "root:.", path: ".", name: "shop", version: "2.0.0" }]);
    expect(snapshot.lockfile.formatVersion).toBe("SPDX-2.2");
  });

  it.each([
    ["npm:express@4.18.2", "prod", true],
    ["npm:left-pad@1.3.0", "optional", false],
    ["pypi:pytest@8.0.0", "dev", true],
    ["pypi:pluggy@1.4.0", "dev", false],
  ])("%s is %s, direct %s", (id, scope, direct) => {
    expect(pkg(id)?.scope).toBe(scope);
    expect(pkg(id)?.direct).toBe(direct);
  });

  it("reads edges from every dependency relationship type", () => {
    expect(snapshot.edges.map((e) => `${e.from} -> ${e.to} ${e.kind}`)).toEqual([
      "npm:express@4.18.2 -> npm:left-pad@1.3.0 optional",
      "pypi:pytest@8.0.0 -> pypi:pluggy@1.4.0 prod",
      "root:. -> npm:express@4.18.2 prod",
      "root:. -> pypi:pytest@8.0.0 dev",
    ]);
  });

  it("keeps checksums, licence and download location", () => {
    expect(pkg("npm:express@4.18.2")).toMatchObject({
      hashes: [{ algorithm: "sha1", value: EXPRESS_SHA1 }],
      license: "MIT",
      source: { kind: "registry", url: "https://registry.npmjs.org/express/-/express-4.18.2.tgz" },
    });
    expect(pkg("npm:left-pad@1.3.0")?.source).toEqual({
      kind: "git",
      url: "git+https://github.com/left-pad/left-pad.git",
    });
    expect(pkg("pypi:pytest@8.0.0")?.license).toBeUndefined();
  });

  it("says what it ignored", () => {
    expect(snapshot.coverage.warnings).toEqual([
      "relationships that are not dependencies were ignored: 1 CONTAINS, 1 DEPENDS_ON to an unknown element",
      "checksums not kept (algorithm not supported or digest not hex): MD2",
    ]);
  });
});

describe("spdxParser on files it cannot read", () => {
  it("names the file and the line of a truncated document", () => {
    const content = '{\n  "spdxVersion": "SPDX-2.3",\n  "packages": [\n    {"SPDXID": "SPDXRef-a"';
    try {
      parse(content);
      expect.unreachable();
    } catch (error: unknown) {
      expect(isLockkeeperError(error) && error.code).toBe("PARSE");
      expect(isLockkeeperError(error) && error.file).toBe("shop.spdx.json");
      expect(isLockkeeperError(error) && error.line).toBe(4);
    }
  });

  it.each([
    ["a CycloneDX BOM", '{"bomFormat": "CycloneDX"}'],
    ["a null", "null"],
    ["a wrong version", '{"spdxVersion": 2.3}'],
  ])("rejects %s with a PARSE error", (_label, content) => {
    try {
      parse(content);
      expect.unreachable();
    } catch (error: unknown) {
      expect(isLockkeeperError(error) && error.describe()).toMatch(
        /^shop\.spdx\.json:1: not an SPDX document/,
      );
    }
  });
});

describe("spdxParser detection", () => {
  it.each([
    ["app.spdx.json", true],
    ["APP.SPDX.JSON", true],
    ["sbom.json", true],
    ["bom.json", false],
    ["app.spdx", false],
  ])("claims %s: %s", (name, claimed) => {
    expect(spdxParser.matchesFileName(name)).toBe(claimed);
  });

  it("sniffs the spdxVersion", () => {
    expect(spdxParser.sniff?.('{ "spdxVersion" : "SPDX-2.3" }')).toBe(true);
    expect(spdxParser.sniff?.('{"bomFormat": "CycloneDX"}')).toBe(false);
  });
});
