import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURES, LOCKFILES } from "../../test-support/fixtures.js";
import { NpmRegistryClient } from "../ecosystems/npm/registry/npm-registry-client.js";
import { PypiIndexClient } from "../ecosystems/pypi/registry/pypi-index-client.js";
import { FakeRegistry } from "../ecosystems/registry/test-support/fake-registry.js";
import { loadInventory } from "../inventory/load-inventory.js";
import { buildLicenseReport } from "./license-report.js";
import { compilePolicy, DEFAULT_LICENSE_POLICY } from "./policy.js";
import { type LicenseRegistry, resolveLicenses } from "./resolve-licenses.js";
import { createInstalledProject, writeTree } from "./test-support/installed-project.js";
import type { LicensedPackage } from "./types.js";

async function lockfileLicenses(dir: string): Promise<LicensedPackage[]> {
  const projectDir = join(LOCKFILES, dir);
  return resolveLicenses(loadInventory("package-lock.json", { cwd: projectDir }), { projectDir });
}

function find<T extends LicensedPackage>(packages: readonly T[], name: string, version?: string): T {
  const found = packages.find((p) => p.name === name && (version === undefined || p.version === version));
  if (!found) throw new Error(`${name}@${version} not in the result`);
  return found;
}

/** Distinct packages per licence label. */
function countByLicense(packages: readonly LicensedPackage[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const p of packages)
    counts[p.license.expression ?? "unknown"] = (counts[p.license.expression ?? "unknown"] ?? 0) + 1;
  return counts;
}

// Counts checked against the raw lockfiles with Python: distinct name@version entries of
// `packages` (links left out), each with the `license` any of its copies records.
describe("licences from real package-lock v2/v3 files", () => {
  it("nodegoat-v2 (v2): 385 of 1091 packages carry a licence; legacy spellings corrected", async () => {
    const packages = await lockfileLicenses("npm/nodegoat-v2");
    expect(packages).toHaveLength(1091);
    const report = buildLicenseReport(packages, compilePolicy(DEFAULT_LICENSE_POLICY));
    expect(report.bySource).toEqual({ lockfile: 385, installed: 0, registry: 0, none: 706 });
    // 381 ids as recorded, MIT/X11 ×2 and BSD ×1 corrected, SEE LICENSE IN + 706 without any licence.
    expect(report.byStatus).toEqual({ valid: 381, corrected: 3, unknown: 707 });
    expect(countByLicense(packages)).toEqual({
      MIT: 233,
      ISC: 107,
      "BSD-3-Clause": 16,
      "Apache-2.0": 9,
      "BSD-2-Clause": 6,
      "WTFPL OR MIT": 3,
      Unlicense: 2,
      "CC-BY-3.0": 2,
      "BSD-2-Clause OR MIT OR Apache-2.0": 1,
      WTFPL: 1,
      "BSD-4-Clause": 1,
      "BSD-2-Clause OR MIT": 1,
      "MIT AND CC-BY-3.0": 1,
      "BSD-3-Clause AND MIT": 1,
      unknown: 707,
    });
    expect(find(packages, "optimist", "0.6.1").license).toMatchObject({
      raw: "MIT/X11",
      expression: "MIT",
      status: "corrected",
      source: { kind: "lockfile", detail: "package-lock.json" },
    });
    expect(find(packages, "jsbn", "0.1.0").license).toMatchObject({ raw: "BSD", expression: "BSD-2-Clause" });
    expect(find(packages, "tweetnacl", "0.14.3").license).toMatchObject({
      raw: "SEE LICENSE IN COPYING.txt",
      status: "unknown",
      notes: ["a custom licence, in COPYING.txt"],
    });
    // No node_modules beside the fixture and no --registry: the note says what was tried.
    expect(find(packages, "@cypress/xvfb", "1.2.4").license).toEqual({
      raw: "",
      status: "unknown",
      notes: ["no licence found: not in the lockfile; not installed; registry not asked (--registry)"],
      source: { kind: "none" },
    });
  });

  it("warehouse-v3 (v3): 988 of 999 with a licence; GPL-3.0 made explicit", async () => {
    const packages = await lockfileLicenses("npm/warehouse-v3");
    expect(packages).toHaveLength(999);
    const counts = countByLicense(packages);
    expect(counts).toMatchObject({
      MIT: 816,
      ISC: 50,
      "Apache-2.0": 40,
      "BSD-2-Clause": 23,
      "BSD-3-Clause": 21,
      unknown: 11,
      "LGPL-3.0-or-later": 10,
      "Apache-2.0 AND LGPL-3.0-or-later": 3,
      "CC-BY-4.0 AND OFL-1.1 AND MIT": 2,
      "MIT OR GPL-3.0-only": 1,
      "MIT OR GPL-3.0-or-later": 1,
    });
    expect(find(packages, "jqvmap-novulnerability", "1.5.1").license).toMatchObject({
      raw: "(MIT OR GPL-3.0)",
      expression: "MIT OR GPL-3.0-only",
      status: "corrected",
      notes: ["deprecated SPDX id GPL-3.0 read as GPL-3.0-only"],
    });

    // 14 sharp packages carry LGPL-3.0-or-later (10 alone, 3 with Apache-2.0, 1 with Apache-2.0 and MIT), all dev.
    const allow = [
      "MIT",
      "ISC",
      "Apache-2.0",
      "BSD-2-Clause",
      "BSD-3-Clause",
      "BlueOak-1.0.0",
      "MIT-0",
      "CC0-1.0",
    ];
    const policy = {
      ...DEFAULT_LICENSE_POLICY,
      allow: [...allow, "0BSD", "Python-2.0", "CC-BY-4.0", "OFL-1.1", "Zlib"],
      deny: ["GPL-3.0-only", "LGPL-3.0-or-later"],
    };
    const strict = buildLicenseReport(packages, compilePolicy(policy));
    expect(strict.violations.map((v) => v.name)).toEqual([
      "@img/sharp-libvips-darwin-arm64",
      "@img/sharp-libvips-darwin-x64",
      "@img/sharp-libvips-linux-arm",
      "@img/sharp-libvips-linux-arm64",
      "@img/sharp-libvips-linux-ppc64",
      "@img/sharp-libvips-linux-riscv64",
      "@img/sharp-libvips-linux-s390x",
      "@img/sharp-libvips-linux-x64",
      "@img/sharp-libvips-linuxmusl-arm64",
      "@img/sharp-libvips-linuxmusl-x64",
      "@img/sharp-wasm32",
      "@img/sharp-win32-arm64",
      "@img/sharp-win32-ia32",
      "@img/sharp-win32-x64",
    ]);
    expect(strict.violations.every((v) => v.scope === "dev")).toBe(true);
    // MIT OR GPL-3.0-only passes on MIT; the 11 without a licence are the only review items.
    expect(find(strict.packages, "jqvmap-novulnerability").verdict).toEqual({
      outcome: "allow",
      reasons: ["MIT is allowed"],
    });
    expect(strict.reviews).toHaveLength(11);
    expect(strict.reviews.every((r) => r.license.status === "unknown")).toBe(true);

    const devExempt = buildLicenseReport(
      packages,
      compilePolicy({ ...policy, scopes: { dev: { exempt: true } } }),
    );
    expect(devExempt.violations).toEqual([]);
    expect(devExempt.summary.find((row) => row.license === "LGPL-3.0-or-later")).toEqual({
      license: "LGPL-3.0-or-later",
      packages: 10,
      outcomes: { exempt: 10 },
    });
  });

  it("npm-cli-v3-workspaces (v3): every registry package with a licence keeps it", async () => {
    const packages = await lockfileLicenses("npm/npm-cli-v3-workspaces");
    const registry = packages.filter((p) => p.sourceKind === "registry");
    expect(registry).toHaveLength(1020);
    const counts = countByLicense(registry);
    expect(counts).toEqual({
      MIT: 709,
      ISC: 206,
      "Apache-2.0": 34,
      "BSD-2-Clause": 29,
      "BSD-3-Clause": 15,
      unknown: 7,
      "MIT OR CC0-1.0": 7,
      "BlueOak-1.0.0": 5,
      "CC-BY-4.0": 2,
      "CC0-1.0": 2,
      "Python-2.0": 1,
      "MIT OR Apache-2.0": 1,
      "WTFPL OR MIT": 1,
      "CC-BY-3.0": 1,
    });
    // The 15 workspace packages are ISC in the lockfile.
    const workspaces = packages.filter((p) => p.sourceKind === "workspace");
    expect(workspaces.map((p) => p.license.expression)).toEqual(Array(15).fill("ISC"));
  });
});

describe("licences from installed packages", () => {
  const project = createInstalledProject();
  let packages: LicensedPackage[] = [];
  beforeAll(async () => {
    packages = await resolveLicenses(loadInventory(".", { cwd: project.dir }), { projectDir: project.dir });
  });
  afterAll(() => project.remove());

  it.each([
    ["left-pad", "1.3.0", "WTFPL", "valid", "lockfile", "package-lock.json"],
    [
      "left-pad",
      "1.0.0",
      "MIT",
      "valid",
      "installed",
      "node_modules/legacy-pkg/node_modules/left-pad/package.json",
    ],
    ["legacy-pkg", "0.5.0", "MIT", "corrected", "installed", "node_modules/legacy-pkg/package.json"],
    ["gpl-thing", "2.0.0", "GPL-3.0-only", "corrected", "installed", "node_modules/gpl-thing/package.json"],
    ["custom-thing", "1.0.0", undefined, "unknown", "installed", "node_modules/custom-thing/package.json"],
    ["missing-pkg", "1.0.0", undefined, "unknown", "none", undefined],
    ["dev-tool", "1.0.0", "AGPL-3.0-only", "valid", "installed", "node_modules/dev-tool/package.json"],
    [
      "requests",
      "2.32.3",
      "Apache-2.0",
      "valid",
      "installed",
      ".venv/lib/python3.11/site-packages/requests-2.32.3.dist-info/METADATA (License)",
    ],
    [
      "attrs",
      "25.1.0",
      "MIT",
      "valid",
      "installed",
      ".venv/lib/python3.11/site-packages/attrs-25.1.0.dist-info/METADATA (License-Expression)",
    ],
    [
      "certifi",
      "2024.8.30",
      "MPL-2.0",
      "corrected",
      "installed",
      ".venv/lib/python3.11/site-packages/certifi-2024.8.30.dist-info/METADATA (Classifier)",
    ],
    [
      "bsd-thing",
      "1.0",
      undefined,
      "unknown",
      "installed",
      ".venv/lib/python3.11/site-packages/bsd_thing-1.0.dist-info/METADATA (License)",
    ],
    ["django", "4.2.7", undefined, "unknown", "none", undefined],
    [
      "zope-interface",
      "6.0",
      "ZPL-2.1",
      "corrected",
      "installed",
      ".venv/lib/python3.11/site-packages/zope_interface-6.0.dist-info/METADATA (License)",
    ],
  ])("%s %s → %s (%s, from %s)", (name, version, expression, status, kind, detail) => {
    const pkg = find(packages, name, version);
    expect(pkg.license.expression).toBe(expression);
    expect(pkg.license.status).toBe(status);
    expect(pkg.license.source).toEqual(detail === undefined ? { kind } : { kind, detail });
  });

  it("finds the licence files each installed package ships", () => {
    const files = (name: string, version: string) =>
      (find(packages, name, version).licenseFiles ?? []).map((f) => f.slice(project.dir.length + 1));
    expect(files("left-pad", "1.3.0")).toEqual(["node_modules/left-pad/LICENSE"]);
    expect(files("legacy-pkg", "0.5.0")).toEqual(["node_modules/legacy-pkg/LICENCE.md"]);
    expect(files("left-pad", "1.0.0")).toEqual([]);
    expect(files("requests", "2.32.3")).toEqual([
      ".venv/lib/python3.11/site-packages/requests-2.32.3.dist-info/licenses/LICENSE",
    ]);
    expect(files("certifi", "2024.8.30")).toEqual([
      ".venv/lib/python3.11/site-packages/certifi-2024.8.30.dist-info/LICENSE",
    ]);
  });

  it("says why nothing was found", () => {
    expect(find(packages, "django", "4.2.7").license.notes).toEqual([
      "no licence found: not in the lockfile; not installed; registry not asked (--registry)",
    ]);
    expect(find(packages, "bsd-thing", "1.0").license).toMatchObject({
      raw: "BSD",
      notes: ['"BSD" is not an SPDX licence id'],
    });
  });
});

describe("licences from the registries", () => {
  const npm = new FakeRegistry((path) =>
    path === "/bl"
      ? { json: JSON.parse(readFileSync(join(FIXTURES, "registry/npm/bl.json"), "utf8")) }
      : undefined,
  );
  const pypi = new FakeRegistry((path) =>
    path === "/pypi/six/1.16.0/json"
      ? { json: { info: { license: "MIT", classifiers: ["License :: OSI Approved :: MIT License"] } } }
      : undefined,
  );
  const project = createInstalledProject();
  beforeAll(async () => {
    await Promise.all([npm.start(), pypi.start()]);
    writeTree(project.dir, {
      "tools/package.json": {
        name: "tools",
        version: "1.0.0",
        dependencies: { bl: "^1.0.0", "left-pad": "1.3.0" },
      },
      "tools/package-lock.json": {
        name: "tools",
        lockfileVersion: 3,
        packages: {
          "": { name: "tools", version: "1.0.0", dependencies: { bl: "^1.0.0", "left-pad": "1.3.0" } },
          "node_modules/bl": { version: "1.0.0", resolved: "https://registry.npmjs.org/bl/-/bl-1.0.0.tgz" },
          "node_modules/left-pad": {
            version: "1.3.0",
            resolved: "https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz",
            license: "WTFPL",
          },
        },
      },
      "py/requirements.txt": "six==1.16.0\n",
    });
  });
  afterAll(async () => {
    await Promise.all([npm.stop(), pypi.stop()]);
    project.remove();
  });

  it("asks the registry only for packages no offline source could read", async () => {
    const inventory = loadInventory(".", { cwd: project.dir });
    const packages = await resolveLicenses(inventory, {
      projectDir: project.dir,
      registry: new Map<string, LicenseRegistry>([
        ["npm", new NpmRegistryClient({ baseUrl: npm.baseUrl })],
        ["pypi", new PypiIndexClient({ jsonApiUrl: `${pypi.baseUrl}/pypi` })],
      ]),
    });
    const bl = packages.find((p) => p.name === "bl");
    expect(bl?.license).toEqual({
      raw: "MIT",
      expression: "MIT",
      status: "valid",
      notes: [],
      source: { kind: "registry", detail: `${npm.baseUrl}/bl` },
    });
    expect(packages.find((p) => p.name === "six")?.license.source).toEqual({
      kind: "registry",
      detail: `${pypi.baseUrl}/pypi/six/1.16.0/json (License)`,
    });
    // Not in the fake registry: still unknown, and the note says the registry was asked.
    expect(find(packages, "missing-pkg").license.notes).toEqual([
      "no licence found: not in the lockfile; not installed; none in the npm registry",
    ]);
    // Only packages without a readable licence were looked up (custom-thing's is SEE LICENSE IN).
    expect(npm.takePaths()).toEqual(["/bl", "/custom-thing", "/missing-pkg"]);
    expect(pypi.takePaths()).toEqual([
      "/pypi/bsd-thing/1.0/json",
      "/pypi/django/4.2.7/json",
      "/pypi/six/1.16.0/json",
    ]);
    // bsd-thing is not in the fake index: its installed (unreadable) licence is kept.
    expect(find(packages, "bsd-thing").license).toMatchObject({
      raw: "BSD",
      status: "unknown",
      source: { kind: "installed" },
    });
  });
});
