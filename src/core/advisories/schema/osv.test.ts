import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { listRecordFiles } from "../sources/directory-source.js";
import { NPM_OSV, PYPA_VULNS } from "../store/test-support/real-advisories.js";
import { parseOsvRecord } from "./osv.js";

function parseFile(file: string): ReturnType<typeof parseOsvRecord> {
  const text = readFileSync(file, "utf8");
  return parseOsvRecord(file.endsWith(".json") ? JSON.parse(text) : parseYaml(text), file);
}

describe("parseOsvRecord on the real advisory data", () => {
  it("accepts all 3,128 records (2,661 PyPI YAML, 467 npm JSON)", () => {
    const counts = { yaml: 0, json: 0 };
    const errors: string[] = [];
    for (const dir of [PYPA_VULNS, NPM_OSV]) {
      for (const file of listRecordFiles(dir)) {
        const result = parseFile(file);
        if ("error" in result) errors.push(result.error);
        else counts[file.endsWith(".json") ? "json" : "yaml"]++;
      }
    }
    expect(errors).toEqual([]);
    expect(counts).toEqual({ yaml: 2661, json: 467 });
  });

  it("keeps the fields of a PYSEC record, timestamps as strings", () => {
    const result = parseFile(`${PYPA_VULNS}/jw.util/PYSEC-2020-341.yaml`);
    if ("error" in result) throw new Error(result.error);
    expect(result.record.id).toBe("PYSEC-2020-341");
    expect(result.record.affected?.[0]?.package).toEqual({
      ecosystem: "PyPI",
      name: "jw.util",
      purl: "pkg:pypi/jw-util",
    });
    expect(typeof result.record.modified).toBe("string");
  });

  it("keeps a withdrawn timestamp", () => {
    const result = parseFile(`${PYPA_VULNS}/redis/PYSEC-2023-73.yaml`);
    if ("error" in result) throw new Error(result.error);
    expect(result.record.withdrawn).toBe("2023-06-06T10:37:00Z");
  });
});

describe("parseOsvRecord on bad records", () => {
  interface RawRange {
    type: string;
    events: Record<string, unknown>[];
  }
  interface RawAffected {
    package: Record<string, unknown>;
    ranges: RawRange[];
    versions?: unknown[];
  }
  interface Raw {
    [field: string]: unknown;
    affected: RawAffected[];
  }
  const base = JSON.parse(readFileSync(`${NPM_OSV}/NSWG-ECO-1.json`, "utf8")) as Raw;
  const affected0 = (r: Raw): RawAffected => r.affected[0] as RawAffected;
  const range0 = (r: Raw): RawRange => affected0(r).ranges[0] as RawRange;
  const prefix = "NSWG-ECO-1.json (NSWG-ECO-1): ";
  const range = "affected[0].ranges[0]";

  it.each<[string, (r: Raw) => void, string]>([
    ["missing modified", (r) => delete r.modified, "modified: required field is missing"],
    [
      "bad timestamp",
      (r) => {
        r.modified = "yesterday";
      },
      "modified: expected an RFC 3339 timestamp (2024-01-31T12:00:00Z)",
    ],
    [
      "unknown range type",
      (r) => {
        range0(r).type = "SEMVERX";
      },
      `${range}.type: expected one of SEMVER, ECOSYSTEM, GIT`,
    ],
    [
      "event with two kinds",
      (r) => {
        range0(r).events[1] = { fixed: "1.5.2", limit: "2" };
      },
      `${range}.events[1]: an event must have exactly one of introduced, fixed, last_affected, limit (found fixed, limit)`,
    ],
    [
      "empty event",
      (r) => {
        range0(r).events[1] = {};
      },
      `${range}.events[1]: an event must have exactly one of introduced, fixed, last_affected, limit (found none)`,
    ],
    [
      "GIT range without repo",
      (r) => {
        range0(r).type = "GIT";
      },
      `${range}.repo: a GIT range needs a repo`,
    ],
    ["no introduced", (r) => range0(r).events.shift(), `${range}.events: a range needs an introduced event`],
    [
      "fixed and last_affected",
      (r) => range0(r).events.push({ fixed: "2.0.0" }),
      `${range}.events: a range may have fixed or last_affected events, not both`,
    ],
    [
      "a version YAML read as a number",
      (r) => {
        affected0(r).versions = ["1.0.0", 1.1];
      },
      "affected[0].versions[1]: expected string, received number",
    ],
    [
      "numeric introduced",
      (r) => {
        range0(r).events[0] = { introduced: 0 };
      },
      `${range}.events[0].introduced: expected string, received number`,
    ],
    [
      "package without name",
      (r) => delete affected0(r).package.name,
      "affected[0].package.name: required field is missing",
    ],
    [
      "severity without score",
      (r) => {
        r.severity = [{ type: "CVSS_V3" }];
      },
      "severity[0].score: required field is missing",
    ],
  ])("%s", (_name, mutate, expected) => {
    const record = structuredClone(base);
    mutate(record);
    expect(parseOsvRecord(record, "NSWG-ECO-1.json")).toEqual({ error: `${prefix}${expected}` });
  });

  it("names the id as found and lists at most five problems", () => {
    const record = structuredClone(base);
    Object.assign(record, {
      id: "NSWG ECO 1",
      modified: 1,
      published: 2,
      aliases: [3],
      summary: 4,
      details: 5,
    });
    expect(parseOsvRecord(record, "x.json")).toEqual({
      error:
        "x.json (NSWG ECO 1): id: expected a non-empty id without spaces; modified: expected string, received number; " +
        "published: expected string, received number; aliases[0]: expected string, received number; " +
        "summary: expected string, received number; and 1 more",
    });
  });

  it.each([
    [[1], "an array"],
    [null, "null"],
    ["text", "a string"],
  ])("rejects %j as not an object", (value, found) => {
    expect(parseOsvRecord(value, "x.json")).toEqual({
      error: `x.json: expected an OSV record (a JSON object), found ${found}`,
    });
  });

  it("keeps unknown fields at every level (passthrough)", () => {
    const record = structuredClone(base);
    record.x_vendor = { rating: 3 };
    affected0(record).package.x_extra = "kept";
    const result = parseOsvRecord(record, "x.json");
    if ("error" in result) throw new Error(result.error);
    expect(result.record.x_vendor).toEqual({ rating: 3 });
    expect(result.record.affected?.[0]?.package?.x_extra).toBe("kept");
  });
});
