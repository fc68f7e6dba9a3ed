import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FIXTURES } from "../../test-support/fixtures.js";
import { parseFixture } from "../../test-support/parse-fixture.js";
import { openAdvisoryDb } from "../advisories/store/advisory-db.js";
import type { AdvisoryPackage, AdvisoryStore } from "../advisories/store/advisory-store.js";
import { SHIPPED_DB } from "../advisories/store/test-support/real-advisories.js";
import { lockfileParsers } from "../ecosystems/index.js";
import { packumentVersions } from "../ecosystems/npm/registry/saved-packument-versions.js";
import type { LockfileFormat, Snapshot } from "../model/types.js";
import { scanInventory } from "./scan.js";

const db = openAdvisoryDb(SHIPPED_DB);
if (!db) throw new Error(`no advisory snapshot at ${SHIPPED_DB}`);
afterAll(() => db.close());

function snapshot(format: LockfileFormat, dir: string, lockfile: string): Snapshot {
  const parser = lockfileParsers().find((p) => p.format === format);
  if (!parser) throw new Error(`no ${format} parser`);
  return parseFixture(parser, { dir, lockfile });
}

const nodegoatV1 = snapshot("package-lock", "npm/nodegoat-v1", "package-lock.json");
const pygoat = snapshot("requirements", "python/pygoat-requirements", "requirements.txt");

const nodegoatScan = await scanInventory({ target: "nodegoat", snapshots: [nodegoatV1] }, db);
const pygoatScan = await scanInventory({ target: "pygoat", snapshots: [pygoat] }, db);

describe("scanInventory on nodegoat (package-lock v1) with the shipped advisories", () => {
  const result = nodegoatScan;

  it("finds exactly what node-semver says of the NSWG vulnerable_versions, one finding per alias group", () => {
    // Computed independently: every name@version in the lockfile's nested `dependencies`, against every
    // NSWG record of that name with semver.satisfies(v, vulnerable_versions, {includePrerelease: true}),
    // records sharing an alias joined; display id CVE first.
    expect(result.findings.map((f) => `${f.package.name}@${f.package.version} ${f.id}`)).toEqual([
      "adm-zip@0.4.4 CVE-2018-1002204",
      "brace-expansion@1.1.6 NSWG-ECO-338",
      "handlebars@4.0.5 NSWG-ECO-519",
      "hawk@1.0.0 CVE-2016-2515",
      "hoek@0.9.1 CVE-2018-3728",
      "hoek@2.16.3 CVE-2018-3728",
      "is-my-json-valid@2.15.0 NSWG-ECO-375",
      "lodash@2.4.2 CVE-2018-16487",
      "lodash@2.4.2 CVE-2018-3721",
      "lodash@4.13.1 CVE-2018-16487",
      "lodash@4.13.1 CVE-2018-3721",
      "minimatch@0.3.0 NSWG-ECO-118",
      "qs@0.6.6 CVE-2014-7191",
      "qs@0.6.6 NSWG-ECO-28",
      "request@2.36.0 NSWG-ECO-309",
      "request@2.67.0 NSWG-ECO-309",
      "sshpk@1.10.1 NSWG-ECO-401",
      "stringstream@0.0.5 NSWG-ECO-422",
      "tough-cookie@2.2.2 CVE-2016-1000232",
      "tunnel-agent@0.4.3 NSWG-ECO-393",
      "uglify-js@2.4.24 CVE-2015-8858",
      "utile@0.2.1 NSWG-ECO-445",
      "utile@0.3.0 NSWG-ECO-445",
    ]);
    // 1,088 distinct name@version pairs; grunt-if is a tarball URL with no exact version.
    expect(result.checked).toBe(1088);
    expect(result.skipped).toEqual([
      {
        lockfile: "package-lock.json",
        package: "npm:grunt-if@https://github.com/binarymist/grunt-if/tarball/master",
        reason: "no exact version (unpinned requirement)",
      },
    ]);
  });

  it("fills a finding: aliases, severity from the record's CVSS vector, path, fixed versions, fix", () => {
    const lodash = result.findings.find(
      (f) => f.package.id === "npm:lodash@2.4.2" && f.id === "CVE-2018-16487",
    );
    expect(lodash).toMatchObject({
      aliases: ["NSWG-ECO-493"],
      recordIds: ["NSWG-ECO-493"],
      severity: {
        level: "medium",
        score: 5.7,
        vector: "CVSS:3.0/AV:L/AC:L/PR:N/UI:N/S:C/C:L/I:L/A:N",
        source: "CVSS_V3",
        recordId: "NSWG-ECO-493",
      },
      package: { name: "lodash", version: "2.4.2", purl: "pkg:npm/lodash@2.4.2", direct: false },
      path: ["owasp-nodejs-goat", "zaproxy@0.2.0", "lodash@2.4.2"],
      fixedVersions: ["4.17.11"],
      // zaproxy asks for ~2.4.1: the fix needs a zaproxy upgrade, not a lockfile refresh.
      fix: { version: "4.17.11", basis: "advisory", declaredRanges: ["~2.4.1"], fitsDeclaredRange: false },
    });
    // hoek: "<4.2.1 || >=5.0.0 <5.0.3": the smallest clean fixed version above 0.9.1 is 4.2.1.
    const hoek = result.findings.find((f) => f.package.id === "npm:hoek@0.9.1");
    expect(hoek?.fixedVersions).toEqual(["5.0.3", "4.2.1"]);
    expect(hoek?.fix).toEqual({
      version: "4.2.1",
      basis: "advisory",
      declaredRanges: ["0.9.x"],
      fitsDeclaredRange: false,
    });
  });

  it("suggests nothing the advisory does not name, and a published release with packuments", async () => {
    // NSWG-ECO-309 affects request ">=2.2.6 <2.47.0 || >2.51.0 <=2.67.0": no fixed event above 2.67.0.
    const request = result.findings.find((f) => f.package.id === "npm:request@2.67.0");
    expect(request?.fix).toBeUndefined();
    const registry = packumentVersions(join(FIXTURES, "registry/npm"));
    const withRegistry = await scanInventory({ target: "nodegoat", snapshots: [nodegoatV1] }, db, registry);
    expect(withRegistry.findings.find((f) => f.package.id === "npm:request@2.67.0")?.fix).toMatchObject({
      version: "2.68.0",
      basis: "registry",
    });
  });
});

describe("scanInventory on pygoat (requirements.txt) with the shipped advisories", () => {
  const result = pygoatScan;

  it("finds the records the spec's algorithm with packaging finds (scripts/generate-osv-match-vectors.py)", () => {
    const byPackage: Record<string, string[]> = {};
    for (const f of result.findings) {
      const key = `${f.package.name}@${f.package.version}`;
      byPackage[key] = [...(byPackage[key] ?? []), ...f.recordIds];
    }
    for (const ids of Object.values(byPackage)) ids.sort();
    expect(byPackage).toEqual({
      "certifi@2022.12.7": ["PYSEC-2023-135"],
      "cryptography@39.0.1": ["PYSEC-2023-254"],
      "django@4.2": [
        "PYSEC-2023-100",
        "PYSEC-2023-222",
        "PYSEC-2023-225",
        "PYSEC-2023-226",
        "PYSEC-2023-61",
        "PYSEC-2024-102",
        "PYSEC-2024-28",
        "PYSEC-2024-47",
        "PYSEC-2024-56",
        "PYSEC-2024-57",
        "PYSEC-2024-58",
        "PYSEC-2024-59",
        "PYSEC-2024-67",
        "PYSEC-2024-68",
        "PYSEC-2024-69",
        "PYSEC-2024-70",
      ],
      "idna@3.4": ["PYSEC-2024-60"],
      "pillow@9.4.0": ["PYSEC-2023-175", "PYSEC-2023-227"],
      "pyyaml@5.1": ["PYSEC-2020-176", "PYSEC-2020-96", "PYSEC-2021-142"],
      "requests@2.28.2": ["PYSEC-2023-74"],
      "sqlparse@0.3.1": ["PYSEC-2023-87"],
      "urllib3@1.26.9": ["PYSEC-2023-192", "PYSEC-2023-212"],
      "werkzeug@2.1.2": ["PYSEC-2023-221", "PYSEC-2023-57", "PYSEC-2023-58"],
    });
  });

  it("suggests PyYAML 5.2b1 for CVE-2019-20477, the only fix its advisory names", () => {
    const pyyaml = result.findings.filter((f) => f.package.name === "pyyaml");
    // PYSEC-2018-49 (CVE-2017-18342, fixed in 5.1) does not affect 5.1 itself.
    expect(pyyaml.map((f) => [f.id, f.fix?.version, f.fix?.basis])).toEqual([
      ["CVE-2019-20477", "5.2b1", "advisory"],
      ["CVE-2020-14343", "5.4", "advisory"],
      ["CVE-2020-1747", "5.3.1", "advisory"],
    ]);
  });
});

describe("scanInventory's database use", () => {
  it("asks the store once, for each name once, however many lockfiles and versions carry it", async () => {
    const nodegoatV2 = snapshot("package-lock", "npm/nodegoat-v2", "package-lock.json");
    const queried: string[] = [];
    let calls = 0;
    const counting: AdvisoryStore = {
      query(packages: readonly AdvisoryPackage[]) {
        calls++;
        for (const { ecosystem, name } of packages) queried.push(`${ecosystem}:${name}`);
        return db.query(packages);
      },
      lookup: (id) => db.lookup(id),
    };
    const both = await scanInventory({ target: "x", snapshots: [nodegoatV1, nodegoatV2] }, counting);
    expect(calls).toBe(1);
    expect(queried.length).toBe(new Set(queried).size);
    const names = new Set(
      [nodegoatV1, nodegoatV2].flatMap((s) =>
        s.packages.filter((p) => p.version && p.source.kind === "registry").map((p) => `npm:${p.name}`),
      ),
    );
    expect(new Set(queried)).toEqual(names);
    // The same findings as scanning each lockfile alone.
    const alone = [];
    for (const s of [nodegoatV1, nodegoatV2])
      alone.push(...(await scanInventory({ target: "x", snapshots: [s] }, db)).findings);
    expect(both.findings).toEqual(alone);
  });
});
