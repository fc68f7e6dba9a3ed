import { assert, describe, expect, it } from "vitest";
import { validateSpdx } from "../../test-support/json-schemas.js";
import { toSpdx } from "./spdx-export.js";
import {
  EDITABLE_PURL,
  EDITABLE_URL,
  GIT_PURL,
  GIT_URL,
  INTEGRITY,
  SHA,
  sampleInventory,
} from "./test-support/sample-inventory.js";

const OPTIONS = {
  toolVersion: "0.1.0",
  timestamp: "2024-05-01T12:00:00.123Z",
  serialNumber: "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
};

interface SpdxPackage {
  SPDXID: string;
  name: string;
  versionInfo?: string;
  downloadLocation?: string;
  filesAnalyzed: boolean;
  licenseConcluded: string;
  licenseDeclared: string;
  checksums?: { algorithm: string; checksumValue: string }[];
  externalRefs?: { referenceCategory: string; referenceType: string; referenceLocator: string }[];
  comment?: string;
}

interface Relationship {
  spdxElementId: string;
  relationshipType: string;
  relatedSpdxElement: string;
  comment?: string;
}

interface SpdxDocument {
  spdxVersion: string;
  dataLicense: string;
  SPDXID: string;
  name: string;
  documentNamespace: string;
  creationInfo: { created: string; creators: string[] };
  packages: SpdxPackage[];
  relationships: Relationship[];
}

const spdx = (...args: Parameters<typeof toSpdx>): SpdxDocument => toSpdx(...args) as unknown as SpdxDocument;

const doc = spdx(sampleInventory(), OPTIONS);
const packages = doc.packages;
const relationships = doc.relationships;
const byPurl = (purl: string): SpdxPackage => {
  const found = packages.find((p) => p.externalRefs?.[0]?.referenceLocator === purl);
  if (!found) throw new Error(`no package ${purl}`);
  return found;
};
const id = (purl: string): string => byPurl(purl).SPDXID;
const hex = (sri: string): string => Buffer.from(sri.slice(sri.indexOf("-") + 1), "base64").toString("hex");
const has = (element: string, type: string, related: string): boolean =>
  relationships.some(
    (r) => r.spdxElementId === element && r.relationshipType === type && r.relatedSpdxElement === related,
  );

describe("toSpdx", () => {
  it("is valid SPDX 2.3", () => {
    const result = validateSpdx(doc);
    if (!result.valid) console.error(result.messages.join("\n"));
    expect(result.valid).toBe(true);
  });

  it("would be caught by the schema when wrong (the validator is not vacuous)", () => {
    const broken = structuredClone(doc);
    const [, , third, fourth] = broken.packages;
    assert.exists(third);
    assert.exists(fourth);
    third.checksums = [{ algorithm: "SHA-512", checksumValue: "00" }];
    delete fourth.downloadLocation;
    const result = validateSpdx(broken);
    expect(result.valid).toBe(false);
    expect(result.messages.some((m) => m.startsWith("/packages/2/checksums/0/algorithm"))).toBe(true);
    expect(result.messages.some((m) => m.startsWith("/packages/3 must have required property"))).toBe(true);
  });

  it("writes the document header", () => {
    expect(doc.spdxVersion).toBe("SPDX-2.3");
    expect(doc.dataLicense).toBe("CC0-1.0");
    expect(doc.SPDXID).toBe("SPDXRef-DOCUMENT");
    expect(doc.name).toBe("demo-app");
    expect(doc.documentNamespace).toBe(
      "https://spdx.org/spdxdocs/lockkeeper-demo-app-3e671687-395b-41f5-a30f-a58921a69b79",
    );
    // SPDX dates have no fractions of a second.
    expect(doc.creationInfo.created).toBe("2024-05-01T12:00:00Z");
    expect(doc.creationInfo.creators).toEqual(["Tool: lockkeeper-0.1.0"]);
  });

  it("gives every package a unique SPDX id of the allowed characters", () => {
    const ids = packages.map((p) => p.SPDXID as string);
    for (const spdxId of ids) expect(spdxId).toMatch(/^SPDXRef-[a-zA-Z0-9.-]+$/);
    expect(new Set(ids).size).toBe(ids.length);
    // project + workspace member + 20 packages
    expect(packages).toHaveLength(22);
    expect(id("pkg:npm/%40babel/core@7.25.2")).toBe("SPDXRef-Package-npm-babel-core-7.25.2");
  });

  it("describes the project", () => {
    expect(relationships[0]).toEqual({
      spdxElementId: "SPDXRef-DOCUMENT",
      relationshipType: "DESCRIBES",
      relatedSpdxElement: "SPDXRef-Project",
    });
    expect(packages[0]).toMatchObject({
      SPDXID: "SPDXRef-Project",
      name: "demo-app",
      versionInfo: "1.2.0",
      primaryPackagePurpose: "APPLICATION",
    });
    expect(relationships.filter((r) => r.relationshipType === "DESCRIBES")).toHaveLength(1);
  });

  it.each([
    // purl, name, versionInfo, licenseDeclared, downloadLocation
    [
      "pkg:npm/%40babel/helper-plugin-utils@7.28.6",
      "@babel/helper-plugin-utils",
      "7.28.6",
      "(MIT OR Apache-2.0)",
      "NOASSERTION",
    ],
    [GIT_PURL, "my-git-dep", "1.0.0", "NOASSERTION", GIT_URL],
    ["pkg:npm/local-lib@0.0.1", "local-lib", "0.0.1", "NOASSERTION", "NOASSERTION"],
    ["pkg:pypi/django@4.2.11", "Django", "4.2.11", "BSD-3-Clause", "NOASSERTION"],
    ["pkg:pypi/requests", "requests", undefined, "NOASSERTION", "NOASSERTION"],
    [EDITABLE_PURL, "editable_pkg", undefined, "NOASSERTION", EDITABLE_URL],
  ])("%s: fields", (purl, name, version, license, location) => {
    const pkg = byPurl(purl);
    expect(pkg.name).toBe(name);
    expect(pkg.versionInfo).toBe(version);
    expect(pkg.licenseDeclared).toBe(license);
    expect(pkg.licenseConcluded).toBe("NOASSERTION");
    expect(pkg.downloadLocation).toBe(location);
    expect(pkg.filesAnalyzed).toBe(false);
    expect(pkg.externalRefs).toEqual([
      { referenceCategory: "PACKAGE-MANAGER", referenceType: "purl", referenceLocator: purl },
    ]);
  });

  it("records scope and what SPDX has no field for in the comment", () => {
    expect(byPurl("pkg:npm/jest-util@30.2.0").comment).toBe("lockkeeper:scope=dev\nlockkeeper:direct=false");
    expect(byPurl(GIT_PURL).comment).toBe(
      "lockkeeper:scope=prod\nlockkeeper:direct=true\nlockkeeper:source=git\nlockkeeper:license=SEE LICENSE IN LICENSE.txt",
    );
    expect(byPurl("pkg:pypi/requests").comment).toBe(
      "lockkeeper:scope=dev\nlockkeeper:direct=true\nlockkeeper:unpinned=true\nlockkeeper:requirement=>=2.31",
    );
  });

  it("writes checksums with SPDX algorithm names", () => {
    expect(byPurl("pkg:npm/lodash@4.17.11").checksums).toEqual([
      { algorithm: "SHA1", checksumValue: SHA.lodashSha1 },
      { algorithm: "SHA512", checksumValue: hex(INTEGRITY.lodash) },
    ]);
    expect(byPurl("pkg:pypi/django@4.2.11").checksums).toHaveLength(3);
    expect(byPurl("pkg:npm/react@18.2.0").checksums).toBeUndefined();
  });

  it("writes each edge with the relationship type of its kind", () => {
    const project = "SPDXRef-Project";
    const ui = "SPDXRef-Root-packages-ui";
    expect(has(project, "DEPENDS_ON", id("pkg:npm/%40babel/core@7.25.2"))).toBe(true);
    expect(has(id("pkg:npm/jest@30.2.0"), "DEV_DEPENDENCY_OF", project)).toBe(true);
    expect(has(id("pkg:npm/fsevents@2.3.3"), "OPTIONAL_DEPENDENCY_OF", project)).toBe(true);
    expect(has(id("pkg:npm/linked@2.0.0"), "DEV_DEPENDENCY_OF", ui)).toBe(true);
    expect(has(id("pkg:npm/jest@30.2.0"), "DEPENDS_ON", id("pkg:npm/jest-util@30.2.0"))).toBe(true);
    const peer = relationships.find((r) => r.relatedSpdxElement === id("pkg:npm/react@18.2.0"));
    expect(peer).toEqual({
      spdxElementId: ui,
      relationshipType: "DEPENDS_ON",
      relatedSpdxElement: id("pkg:npm/react@18.2.0"),
      comment: "lockkeeper:kind=peer",
    });
    // django: prod in poetry.lock beats dev in dev.in, so one DEPENDS_ON and no DEV_DEPENDENCY_OF.
    expect(has(project, "DEPENDS_ON", id("pkg:pypi/django@4.2.11"))).toBe(true);
    expect(has(id("pkg:pypi/django@4.2.11"), "DEV_DEPENDENCY_OF", project)).toBe(false);
    // 1 DESCRIBES + 12 npm edges + 7 Poetry edges + 3 edges for the .in lines Poetry lacks.
    expect(relationships).toHaveLength(1 + 12 + 7 + 3);
  });

  it("is byte-identical across runs with fixed options", () => {
    expect(JSON.stringify(toSpdx(sampleInventory(), OPTIONS))).toBe(JSON.stringify(doc));
  });

  it("takes an explicit document namespace", () => {
    const custom = spdx(sampleInventory(), { ...OPTIONS, documentNamespace: "https://example.com/sbom/1" });
    expect(custom.documentNamespace).toBe("https://example.com/sbom/1");
  });
});
