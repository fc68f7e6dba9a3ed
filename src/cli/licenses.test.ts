import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULT_LICENSES_SETTINGS, type LicensesSettings } from "../core/licenses/settings.js";
import { createInstalledProject, MIT_TEXT } from "../core/licenses/test-support/installed-project.js";
import { LOCKFILES, REPO_ROOT } from "../test-support/fixtures.js";
import { licensesCommand } from "./commands/licenses.js";
import { noticeCommand } from "./commands/notice.js";
import { bufferIo } from "./io.js";

const project = createInstalledProject();
afterAll(() => project.remove());

const POLICY: LicensesSettings = {
  ...DEFAULT_LICENSES_SETTINGS,
  allow: ["MIT", "WTFPL", "Apache-2.0", "ZPL-2.1", "MPL-2.0"],
  deny: ["GPL-3.0-only"],
  scopes: { dev: { exempt: true } },
};

async function licenses(options: { format: string; scope?: string }, settings: LicensesSettings = POLICY) {
  const io = bufferIo(project.dir);
  const code = await licensesCommand(io, ".", options, settings);
  return { code, out: io.out, err: io.err };
}

interface JsonPackage {
  name: string;
  version: string | null;
  scope: string;
  license: {
    expression: string | null;
    raw: string;
    status: string;
    source: { kind: string; detail?: string };
  };
  policy: { outcome: string; reasons: string[] };
}

describe("lk licenses", () => {
  it("exits 1 on a denied licence and lists review items as warnings (json)", async () => {
    const { code, out, err } = await licenses({ format: "json" });
    expect(code).toBe(1);
    const report = JSON.parse(out);
    expect(report.lockfiles).toEqual(["package-lock.json", "requirements.txt"]);
    expect(report.summary).toMatchObject({
      packages: 13,
      byStatus: { valid: 5, corrected: 4, unknown: 4 },
      bySource: { lockfile: 1, installed: 10, registry: 0, none: 2 },
      violations: 1,
      reviews: 4,
    });
    expect(report.violations).toEqual([
      {
        ecosystem: "npm",
        name: "gpl-thing",
        version: "2.0.0",
        scope: "prod",
        lockfile: "package-lock.json",
        license: "GPL-3.0-only",
        raw: "GPL-3.0",
        reasons: ["GPL-3.0-only is denied"],
      },
    ]);
    expect(report.reviews.map((r: { name: string }) => r.name)).toEqual([
      "custom-thing",
      "missing-pkg",
      "bsd-thing",
      "django",
    ]);
    const byName = new Map<string, JsonPackage>(
      report.packages.map((p: JsonPackage) => [`${p.name}@${p.version}`, p]),
    );
    expect(byName.get("dev-tool@1.0.0")?.policy).toEqual({
      outcome: "exempt",
      reasons: ["dev packages are exempt"],
    });
    expect(byName.get("certifi@2024.8.30")?.license).toEqual({
      expression: "MPL-2.0",
      raw: "License :: OSI Approved :: Mozilla Public License 2.0 (MPL 2.0)",
      status: "corrected",
      notes: ["read from licence classifiers"],
      source: {
        kind: "installed",
        detail: ".venv/lib/python3.11/site-packages/certifi-2024.8.30.dist-info/METADATA (Classifier)",
      },
    });
    expect(report.summary.licenses[0]).toEqual({ license: "MIT", packages: 3, outcomes: { allow: 3 } });
    expect(report.summary.licenses.at(-1)).toEqual({
      license: "unknown",
      packages: 4,
      outcomes: { review: 4 },
    });
    expect(err).toBe(
      "lk: warning: 4 packages need licence review\nlk: 1 licence violation (denied)\n" +
        "lk: hint: 2 packages have no licence in the lockfile or an installed copy; install them, or look them up with --registry\n" +
        'lk: warning: requirements.txt may not pin every dependency (see "coverage.incomplete" in the output)\n',
    );
  });

  it("passes (exit 0) when nothing is denied; --scope prod leaves dev packages out", async () => {
    const { code, out } = await licenses({ format: "csv", scope: "prod" }, { ...POLICY, deny: [] });
    expect(code).toBe(0);
    const lines = out.trimEnd().split("\n");
    expect(lines[0]).toBe(
      "ecosystem,name,version,scope,direct,lockfile,license,status,raw,source,source_detail,policy,reasons",
    );
    expect(lines).toHaveLength(1 + 12);
    expect(out).not.toContain("dev-tool");
    expect(lines).toContain(
      "npm,gpl-thing,2.0.0,prod,true,package-lock.json,GPL-3.0-only,corrected,GPL-3.0,installed,node_modules/gpl-thing/package.json,review,GPL-3.0-only is on no list (review)",
    );
    expect(lines).toContain(
      'npm,legacy-pkg,0.5.0,prod,true,package-lock.json,MIT,corrected,"[{""type"":""MIT"",""url"":""https://example.com/legacy/LICENSE""}]",installed,node_modules/legacy-pkg/package.json,allow,MIT is allowed',
    );
  });

  it("table: packages, licences, review items, violations", async () => {
    const { code, out } = await licenses({ format: "table" });
    expect(code).toBe(1);
    expect(out).toContain("13 packages: 5 SPDX as recorded, 4 corrected, 4 unknown\n");
    expect(out).toMatch(
      /^custom-thing +1\.0\.0 +prod +unknown +SEE LICENSE IN EULA\.txt +installed +review +package-lock\.json$/m,
    );
    expect(out).toContain(
      "Violations (1, denied):\n  gpl-thing@2.0.0 (prod, package-lock.json): GPL-3.0-only — GPL-3.0-only is denied\n",
    );
    expect(out).toContain(
      '  bsd-thing@1.0 (prod, requirements.txt): unknown "BSD" — the licence is unknown\n',
    );
    expect(out.endsWith("1 licence violation: gpl-thing@2.0.0\n")).toBe(true);
  });

  it("markdown: verdict first, tables for denied and review items", async () => {
    const { out } = await licenses({ format: "markdown" });
    expect(out).toContain("❌ 1 denied · 4 to review · 13 packages");
    expect(out).toContain(
      "| `gpl-thing` | 2.0.0 | prod | `GPL-3.0-only` (recorded as “GPL-3.0”) | GPL-3.0-only is denied |",
    );
    expect(out).toContain("<details><summary>All packages (13)</summary>");
  });

  it("warns about policy entries that are not SPDX licences", async () => {
    const { err } = await licenses({ format: "json" }, { ...POLICY, allow: [...POLICY.allow, "Mit-ish"] });
    expect(err).toContain(
      'lk: warning: licence policy: licenses.allow: "Mit-ish" is not an SPDX licence id\n',
    );
  });

  it("reads a real lockfile offline with the default (empty) policy: no licence is called allowed", async () => {
    const io = bufferIo(LOCKFILES);
    const code = await licensesCommand(io, "npm/nodegoat-v2", { format: "json" });
    expect(code).toBe(0);
    const report = JSON.parse(io.out);
    expect(report.summary.packages).toBe(1091);
    expect(report.summary.policyConfigured).toBe(false);
    expect(report.summary.licenses.slice(0, 2)).toEqual([
      { license: "MIT", packages: 233, outcomes: { "no-policy": 233 } },
      { license: "ISC", packages: 107, outcomes: { "no-policy": 107 } },
    ]);
    // CC-BY-3.0 (spdx-exceptions) is not "allow" when nobody wrote a policy.
    const ccBy = report.packages.filter((p: JsonPackage) => p.license.expression?.includes("CC-BY"));
    expect(ccBy.map((p: JsonPackage) => `${p.name}@${p.version} ${p.policy.outcome}`)).toEqual([
      "spdx-exceptions@1.0.4 no-policy",
      "spdx-exceptions@1.0.5 no-policy",
      "spdx-expression-parse@1.0.2 no-policy",
    ]);
    expect(report.summary.licenses.find((row: { license: string }) => row.license === "CC-BY-3.0")).toEqual({
      license: "CC-BY-3.0",
      packages: 2,
      outcomes: { "no-policy": 2 },
    });
    const table = bufferIo(LOCKFILES);
    await licensesCommand(table, "npm/nodegoat-v2", { format: "table" });
    expect(table.out).toMatch(/^spdx-exceptions +1\.0\.4 +dev +CC-BY-3\.0 +lockfile +no policy *$/m);
    expect(table.out).toContain("No licence policy is configured");
    expect(table.out).not.toContain("No licence violations.");
    // Unknown licences are reviewed by default: 706 without any licence, 1 SEE LICENSE IN.
    expect(report.summary.reviews).toBe(707);
  });
});

describe("lk notice", () => {
  it("writes each package's licence texts and lists those without one", async () => {
    const io = bufferIo(project.dir);
    const code = await noticeCommand(io, ".", { output: "NOTICE.txt" });
    expect(code).toBe(0);
    const text = readFileSync(join(project.dir, "NOTICE.txt"), "utf8");
    const titles = [...text.matchAll(/^={80}\n(.+)\nLicense: (.+)$/gm)].map((m) => `${m[1]} | ${m[2]}`);
    expect(titles).toEqual([
      'custom-thing 1.0.0 (npm) | unknown ("SEE LICENSE IN EULA.txt")',
      "gpl-thing 2.0.0 (npm) | GPL-3.0-only",
      "left-pad 1.3.0 (npm) | WTFPL",
      "legacy-pkg 0.5.0 (npm) | MIT",
      "attrs 25.1.0 (pypi) | MIT",
      "certifi 2024.8.30 (pypi) | MPL-2.0",
      "requests 2.32.3 (pypi) | Apache-2.0",
    ]);
    // The licence text itself, line endings normalised, with the file it came from.
    expect(text).toContain(
      `legacy-pkg 0.5.0 (npm)\nLicense: MIT\n${"-".repeat(80)}\n(node_modules/legacy-pkg/LICENCE.md)\n\n${MIT_TEXT}\n`,
    );
    expect(text).toContain(
      "(node_modules/custom-thing/EULA.txt)\n\nCustom End User Licence Agreement of Example Corp.\n",
    );
    expect(text).toContain(
      "(.venv/lib/python3.11/site-packages/requests-2.32.3.dist-info/licenses/LICENSE)\n\nApache License\nVersion 2.0, January 2004\n",
    );
    const missing = text.slice(text.indexOf("PACKAGES WITHOUT A LICENCE TEXT"));
    expect(missing.split("\n").filter((l) => l.startsWith("- "))).toEqual([
      "- left-pad 1.0.0 (npm): MIT — the installed package has no licence file",
      "- missing-pkg 1.0.0 (npm): unknown — not installed",
      '- bsd-thing 1.0 (pypi): unknown ("BSD") — the installed package has no licence file',
      "- django 4.2.7 (pypi): unknown — not installed",
      "- zope.interface 6.0 (pypi): ZPL-2.1 — the installed package has no licence file",
    ]);
    // Production only by default: the dev tool is not shipped.
    expect(text).not.toContain("dev-tool");
    expect(io.err).toBe(
      "lk: wrote NOTICE.txt: 7 packages with a licence text\nlk: warning: 5 packages have no licence text (listed at the end of the notice)\n" +
        'lk: warning: requirements.txt may not pin every dependency (see "coverage.incomplete" in the output)\n',
    );
  });

  it("says so and exits 2 when no package has a licence text (nothing installed)", async () => {
    const io = bufferIo(REPO_ROOT);
    const code = await noticeCommand(io, "examples/goats", { output: join(project.dir, "EMPTY-NOTICE.txt") });
    expect(code).toBe(2);
    expect(io.err).toMatch(
      /^lk: error: no licence text found for any of the 414 packages; .*EMPTY-NOTICE\.txt not written/,
    );
    expect(existsSync(join(project.dir, "EMPTY-NOTICE.txt"))).toBe(false);
  });
});
