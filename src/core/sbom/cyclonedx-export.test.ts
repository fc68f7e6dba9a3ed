import { assert, describe, expect, it } from "vitest";
import { validateCycloneDx } from "../../test-support/json-schemas.js";
import { toCycloneDx } from "./cyclonedx-export.js";
import {
  EDITABLE_PURL,
  GIT_PURL,
  GIT_URL,
  INTEGRITY,
  npmSnapshot,
  SHA,
  sampleInventory,
} from "./test-support/sample-inventory.js";

const OPTIONS = {
  toolVersion: "0.1.0",
  timestamp: "2024-05-01T12:00:00Z",
  serialNumber: "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
};

interface Component {
  type: string;
  "bom-ref": string;
  group?: string;
  name: string;
  version?: string;
  scope?: string;
  purl?: string;
  hashes?: { alg: string; content: string }[];
  licenses?: unknown[];
  externalReferences?: { type: string; url: string }[];
  properties?: { name: string; value: string }[];
}

interface Bom {
  bomFormat: string;
  specVersion: string;
  serialNumber: string;
  version: number;
  metadata: {
    lifecycles: unknown;
    timestamp: string;
    tools: unknown;
    component: Component;
    properties: unknown[];
  };
  components: Component[];
  dependencies: { ref: string; dependsOn: string[] }[];
}

const cycloneDx = (...args: Parameters<typeof toCycloneDx>): Bom => toCycloneDx(...args) as unknown as Bom;

const bom = cycloneDx(sampleInventory(), OPTIONS);
const components = bom.components;
const byRef = (ref: string): Component => {
  const found = components.find((c) => c["bom-ref"] === ref);
  if (!found) throw new Error(`no component ${ref}`);
  return found;
};
const property = (component: Component, name: string): string[] =>
  (component.properties ?? []).filter((p) => p.name === name).map((p) => p.value);
const hex = (sri: string): string => Buffer.from(sri.slice(sri.indexOf("-") + 1), "base64").toString("hex");

describe("toCycloneDx", () => {
  it("is valid CycloneDX 1.6", () => {
    const result = validateCycloneDx(bom);
    if (!result.valid) console.error(result.messages.join("\n"));
    expect(result.valid).toBe(true);
  });

  it("would be caught by the schema when wrong (the validator is not vacuous)", () => {
    const broken = structuredClone(bom);
    const [first, second] = broken.components;
    assert.exists(first);
    assert.exists(second);
    first.hashes = [{ alg: "SHA-999", content: "abc" }];
    second.scope = "dev";
    const result = validateCycloneDx(broken);
    expect(result.valid).toBe(false);
    expect(result.messages.some((m) => m.startsWith("/components/0/hashes/0/alg"))).toBe(true);
    expect(result.messages.some((m) => m.startsWith("/components/1/scope"))).toBe(true);
  });

  it("writes the header and metadata", () => {
    expect(bom.bomFormat).toBe("CycloneDX");
    expect(bom.specVersion).toBe("1.6");
    expect(bom.serialNumber).toBe(OPTIONS.serialNumber);
    expect(bom.version).toBe(1);
    expect(bom.metadata.timestamp).toBe(OPTIONS.timestamp);
    expect(bom.metadata.tools).toEqual({
      components: [{ type: "application", name: "lockkeeper", version: "0.1.0" }],
    });
    expect(bom.metadata.component).toEqual({
      type: "application",
      "bom-ref": "root:.",
      name: "demo-app",
      version: "1.2.0",
    });
    expect(bom.metadata.lifecycles).toEqual([{ phase: "pre-build" }]);
    expect(bom.metadata.properties).toEqual([
      { name: "lockkeeper:contents", value: "locked" },
      { name: "lockkeeper:lockfile", value: "package-lock.json" },
      { name: "lockkeeper:lockfile", value: "backend/poetry.lock" },
      { name: "lockkeeper:lockfile", value: "backend/requirements/dev.in" },
    ]);
  });

  it("makes one component per purl, sorted by bom-ref", () => {
    // 10 npm + 7 Poetry + 5 requirements.in lines, two of which (django, pytest) Poetry has too,
    // plus the workspace member.
    expect(components).toHaveLength(10 + 7 + 3 + 1);
    const refs = components.map((c) => c["bom-ref"] as string);
    expect(new Set(refs).size).toBe(refs.length);
    expect([...refs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(refs);
    expect(refs.filter((r) => r.startsWith("pkg:pypi/django"))).toEqual(["pkg:pypi/django@4.2.11"]);
  });

  it.each([
    // purl, group, name, version, CycloneDX scope, lockkeeper:scope, direct
    ["pkg:npm/%40babel/core@7.25.2", "@babel", "core", "7.25.2", "required", "prod", "true"],
    [
      "pkg:npm/%40babel/helper-plugin-utils@7.28.6",
      "@babel",
      "helper-plugin-utils",
      "7.28.6",
      "required",
      "prod",
      "false",
    ],
    ["pkg:npm/jest@30.2.0", undefined, "jest", "30.2.0", "excluded", "dev", "true"],
    ["pkg:npm/jest-util@30.2.0", undefined, "jest-util", "30.2.0", "excluded", "dev", "false"],
    ["pkg:npm/fsevents@2.3.3", undefined, "fsevents", "2.3.3", "optional", "optional", "true"],
    ["pkg:npm/react@18.2.0", undefined, "react", "18.2.0", "required", "peer", "true"],
    ["pkg:pypi/django@4.2.11", undefined, "Django", "4.2.11", "required", "prod", "true"],
    [
      "pkg:pypi/typing-extensions@4.10.0",
      undefined,
      "typing_extensions",
      "4.10.0",
      "optional",
      "optional",
      "true",
    ],
    ["pkg:pypi/pluggy@1.4.0", undefined, "pluggy", "1.4.0", "excluded", "dev", "false"],
  ])("%s: names, version and scope", (purl, group, name, version, scope, exact, direct) => {
    const component = byRef(purl);
    expect(component.type).toBe("library");
    expect(component.purl).toBe(purl);
    expect(component.group).toBe(group);
    expect(component.name).toBe(name);
    expect(component.version).toBe(version);
    expect(component.scope).toBe(scope);
    expect(property(component, "lockkeeper:scope")).toEqual([exact]);
    expect(property(component, "lockkeeper:direct")).toEqual([direct]);
  });

  it("flags npm development packages the way cyclonedx-npm does", () => {
    expect(property(byRef("pkg:npm/jest@30.2.0"), "cdx:npm:package:development")).toEqual(["true"]);
    expect(property(byRef("pkg:npm/lodash@4.17.11"), "cdx:npm:package:development")).toEqual([]);
    // Only npm: PyPI dev packages are not cyclonedx-npm's business.
    expect(property(byRef("pkg:pypi/pytest@8.1.1"), "cdx:npm:package:development")).toEqual([]);
  });

  it("writes hashes as CycloneDX algorithm names and hex content", () => {
    expect(byRef("pkg:npm/lodash@4.17.11").hashes).toEqual([
      { alg: "SHA-1", content: SHA.lodashSha1 },
      { alg: "SHA-512", content: hex(INTEGRITY.lodash) },
    ]);
    // Django's hashes from poetry.lock and from the .in file, merged.
    expect(byRef("pkg:pypi/django@4.2.11").hashes).toEqual([
      { alg: "SHA-256", content: SHA.djangoWheel },
      { alg: "SHA-256", content: SHA.djangoExtra },
      { alg: "SHA-256", content: SHA.djangoSdist },
    ]);
    expect(byRef("pkg:npm/fsevents@2.3.3").hashes).toBeUndefined();
  });

  it("writes SPDX expressions as expressions and anything else as a licence name", () => {
    expect(byRef("pkg:npm/%40babel/helper-plugin-utils@7.28.6").licenses).toEqual([
      { expression: "(MIT OR Apache-2.0)" },
    ]);
    expect(byRef("pkg:pypi/django@4.2.11").licenses).toEqual([{ expression: "BSD-3-Clause" }]);
    expect(byRef(GIT_PURL).licenses).toEqual([{ license: { name: "SEE LICENSE IN LICENSE.txt" } }]);
    expect(byRef("pkg:pypi/sqlparse@0.5.0").licenses).toBeUndefined();
  });

  it("references non-registry sources", () => {
    const git = byRef(GIT_PURL);
    expect(git.externalReferences).toEqual([{ type: "vcs", url: GIT_URL }]);
    expect(property(git, "lockkeeper:source")).toEqual(["git"]);
    expect(byRef("pkg:npm/local-lib@0.0.1").externalReferences).toEqual([
      { type: "distribution", url: "file:../local-lib" },
    ]);
    const linked = byRef("pkg:npm/linked@2.0.0");
    expect(linked.externalReferences).toBeUndefined();
    expect(property(linked, "lockkeeper:source-url")).toEqual(["../linked"]);
    expect(byRef("pkg:npm/lodash@4.17.11").externalReferences).toBeUndefined();
  });

  it("keeps unpinned packages, without a version", () => {
    const black = byRef("pkg:pypi/black");
    expect(black.version).toBeUndefined();
    expect(black.name).toBe("Black");
    expect(property(black, "lockkeeper:unpinned")).toEqual(["true"]);
    expect(property(black, "lockkeeper:requirement")).toEqual(["==24.*"]);
    expect(property(black, "lockkeeper:markers")).toEqual(['python_version >= "3.9"']);
    expect(property(byRef("pkg:pypi/requests"), "lockkeeper:requirement")).toEqual([">=2.31"]);
  });

  it("merges a package shared by two snapshots with its strongest scope", () => {
    // django: prod in poetry.lock, dev in dev.in; pytest: dev in both.
    expect(byRef("pkg:pypi/django@4.2.11").scope).toBe("required");
    expect(byRef("pkg:pypi/pytest@8.1.1").scope).toBe("excluded");
  });

  it("makes the workspace member an application component", () => {
    expect(byRef("root:packages/ui")).toEqual({
      type: "application",
      "bom-ref": "root:packages/ui",
      group: "@demo",
      name: "ui",
      version: "0.1.0",
      properties: [{ name: "lockkeeper:root", value: "packages/ui" }],
    });
  });

  it("lists the dependencies of every component and of the project", () => {
    const dependencies = bom.dependencies;
    expect(dependencies.map((d) => d.ref).sort()).toEqual(
      ["root:.", ...components.map((c) => c["bom-ref"] as string)].sort(),
    );
    const of = (ref: string) => dependencies.find((d) => d.ref === ref)?.dependsOn;
    expect(of("root:.")).toEqual([
      "pkg:npm/%40babel/core@7.25.2",
      "pkg:npm/fsevents@2.3.3",
      "pkg:npm/jest@30.2.0",
      "pkg:npm/local-lib@0.0.1",
      "pkg:npm/lodash@4.17.11",
      // dev.in has no graph: its direct requirements hang off the project.
      "pkg:pypi/black",
      "pkg:pypi/django@4.2.11",
      EDITABLE_PURL,
      "pkg:pypi/pytest@8.1.1",
      "pkg:pypi/requests",
      "pkg:pypi/typing-extensions@4.10.0",
    ]);
    expect(of("root:packages/ui")).toEqual([
      "pkg:npm/linked@2.0.0",
      "pkg:npm/lodash@4.17.11",
      GIT_PURL,
      "pkg:npm/react@18.2.0",
    ]);
    expect(of("pkg:pypi/django@4.2.11")).toEqual(["pkg:pypi/asgiref@3.8.1", "pkg:pypi/sqlparse@0.5.0"]);
    expect(of("pkg:npm/lodash@4.17.11")).toEqual([]);
    const refs = dependencies.map((d) => d.ref);
    expect([...refs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(refs);
  });

  it("is byte-identical across runs with fixed options", () => {
    expect(JSON.stringify(toCycloneDx(sampleInventory(), OPTIONS))).toBe(JSON.stringify(bom));
  });

  it("defaults the serial number and timestamp", () => {
    const a = cycloneDx({ target: "x", snapshots: [npmSnapshot()] }, { toolVersion: "0.1.0" });
    const b = cycloneDx({ target: "x", snapshots: [npmSnapshot()] }, { toolVersion: "0.1.0" });
    expect(a.serialNumber).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(a.serialNumber).not.toBe(b.serialNumber);
    expect(Number.isNaN(Date.parse(a.metadata.timestamp))).toBe(false);
    expect(validateCycloneDx(a).valid).toBe(true);
  });

  it("names the project after the target when no root has a name", () => {
    const inventory = { target: "/srv/checkouts/shop/", snapshots: [] };
    const empty = cycloneDx(inventory, OPTIONS);
    expect(empty.metadata.component.name).toBe("shop");
    expect(empty.components).toEqual([]);
    expect(empty.dependencies).toEqual([{ ref: "root:.", dependsOn: [] }]);
    expect(validateCycloneDx(empty).valid).toBe(true);
  });
});
