import { describe, expect, it } from "vitest";
import type { OsvRange } from "../schema/osv.js";
import { evaluateRange } from "./evaluate-range.js";
import { range } from "./test-support/records.js";
import { orderFor } from "./test-support/version-orders.js";
import type { VersionOrder } from "./version-order.js";

const SEMVER = orderFor("SEMVER", "npm");
const PEP440 = orderFor("ECOSYSTEM", "pypi");
const NPM_ECOSYSTEM = orderFor("ECOSYSTEM", "npm");

interface Case {
  name: string;
  order: VersionOrder;
  range: OsvRange;
  /** version → expected `vulnerable` */
  expect: Record<string, boolean>;
}

const CASES: Case[] = [
  {
    name: 'introduced "0" and no fix: every version',
    order: SEMVER,
    range: range("SEMVER", ["introduced", "0"]),
    expect: { "0.0.0": true, "0.0.1-alpha": true, "1.2.3": true, "999.0.0": true },
  },
  {
    name: "introduced 0, fixed: pre-releases of the fix are still affected",
    order: SEMVER,
    range: range("SEMVER", ["introduced", "0"], ["fixed", "1.2.3"]),
    expect: { "1.2.2": true, "1.2.3-rc.1": true, "1.2.3": false, "1.2.4": false, "2.0.0": false },
  },
  {
    name: "unsorted events (two intervals listed backwards)",
    order: SEMVER,
    range: range(
      "SEMVER",
      ["fixed", "2.0.0"],
      ["introduced", "1.8.0"],
      ["fixed", "1.5.0"],
      ["introduced", "1.0.0"],
    ),
    expect: {
      "0.9.0": false,
      "1.0.0": true,
      "1.4.9": true,
      "1.5.0": false,
      "1.7.0": false,
      "1.8.0": true,
      "1.9.9": true,
      "2.0.0": false,
    },
  },
  {
    name: "last_affected includes the version itself, not the next one",
    order: SEMVER,
    range: range("SEMVER", ["introduced", "0"], ["last_affected", "1.5.1"]),
    // semver ignores build metadata, so 1.5.1+build is 1.5.1; 1.5.2-0 is above 1.5.1.
    expect: { "1.5.0": true, "1.5.1": true, "1.5.1+build.7": true, "1.5.2-0": false, "1.5.2": false },
  },
  {
    name: "limit bounds an open range",
    order: SEMVER,
    range: range("SEMVER", ["introduced", "1.0.0"], ["limit", "2.0.0"]),
    expect: { "0.9.0": false, "1.0.0": true, "1.9.9": true, "2.0.0": false, "3.0.0": false },
  },
  {
    name: 'limit "*" bounds nothing',
    order: SEMVER,
    range: range("SEMVER", ["introduced", "1.0.0"], ["limit", "*"]),
    expect: { "0.9.0": false, "1.0.0": true, "99.0.0": true },
  },
  {
    name: "several limits: below any one of them is enough",
    order: SEMVER,
    range: range(
      "SEMVER",
      ["introduced", "0"],
      ["fixed", "1.0.0"],
      ["introduced", "2.0.0"],
      ["limit", "3.0.0"],
      ["limit", "2.5.0"],
    ),
    expect: { "0.5.0": true, "1.0.0": false, "2.0.0": true, "2.7.0": true, "3.0.0": false },
  },
  {
    name: "PEP 440: pre-, dev- and post-releases around a fix",
    order: PEP440,
    range: range("ECOSYSTEM", ["introduced", "0"], ["fixed", "5.1"]),
    expect: {
      "5.0.post1": true,
      "5.1.dev0": true,
      "5.1b7": true,
      "5.1rc1": true,
      "5.1": false,
      "5.1.0": false,
      "5.1.post1": false,
    },
  },
  {
    name: "PEP 440: event values equal by meaning (1.0 == 1.0.0, 2.0 == 2.0.0)",
    order: PEP440,
    range: range("ECOSYSTEM", ["introduced", "1.0"], ["fixed", "2.0.0"]),
    expect: { "0.9": false, "1.0.0": true, "1": true, "1.9.9": true, "2": false, "2.0": false },
  },
  {
    name: 'PEP 440: an installed "0" is the version 0, equal to an event "0.0"',
    order: PEP440,
    range: range("ECOSYSTEM", ["introduced", "0.0"], ["fixed", "0.1"]),
    expect: { "0": true, "0.0.0": true, "0.0.5": true, "0.1": false },
  },
  {
    name: "PEP 440: last_affected with a local version above it",
    order: PEP440,
    range: range("ECOSYSTEM", ["introduced", "2.0"], ["last_affected", "2.4"]),
    expect: {
      "1.9": false,
      "2.0a1": false,
      "2.0": true,
      "2.4": true,
      "2.4+local": false,
      "2.4.post1": false,
    },
  },
  {
    name: "npm ECOSYSTEM ranges use node-semver too",
    order: NPM_ECOSYSTEM,
    range: range("ECOSYSTEM", ["introduced", "4.0.0"], ["fixed", "4.17.21"]),
    expect: { "3.10.1": false, "4.0.0": true, "4.17.20": true, "4.17.21": false },
  },
];

describe("evaluateRange", () => {
  for (const testCase of CASES) {
    it(testCase.name, () => {
      const actual = Object.fromEntries(
        Object.keys(testCase.expect).map((v) => [
          v,
          evaluateRange(testCase.range, v, testCase.order).vulnerable,
        ]),
      );
      expect(actual).toEqual(testCase.expect);
    });
  }

  it("skips a range with an event the ordering cannot read, saying which", () => {
    // A real event value: PYSEC-2021-371 is fixed in "0.2.0-n653", which PEP 440 rejects.
    const result = evaluateRange(
      range("ECOSYSTEM", ["introduced", "0"], ["fixed", "0.2.0-n653"]),
      "0.1.0",
      PEP440,
    );
    expect(result.vulnerable).toBe(false);
    expect(result.skipped).toBe('fixed "0.2.0-n653" is not a valid PEP 440 version');
    const semverResult = evaluateRange(range("SEMVER", ["introduced", "1.2"]), "1.3.0", SEMVER);
    expect(semverResult.skipped).toBe('introduced "1.2" is not a valid SemVer 2.0 (node-semver) version');
    expect(semverResult.vulnerable).toBe(false);
  });

  it("records every step in sorted order for lk explain", () => {
    const result = evaluateRange(
      range("SEMVER", ["fixed", "2.0.0"], ["introduced", "1.0.0"], ["limit", "3.0.0"]),
      "1.5.0",
      SEMVER,
    );
    expect(result.steps).toEqual([
      { kind: "introduced", value: "1.0.0", applies: true, vulnerable: true },
      { kind: "fixed", value: "2.0.0", applies: false, vulnerable: true },
      { kind: "limit", value: "3.0.0", applies: false, vulnerable: true },
    ]);
    expect(result).toMatchObject({ type: "SEMVER", beforeLimits: true, vulnerable: true });
    const above = evaluateRange(
      range("SEMVER", ["introduced", "1.0.0"], ["limit", "3.0.0"]),
      "3.1.0",
      SEMVER,
    );
    expect(above.beforeLimits).toBe(false);
    expect(above.steps.at(-1)).toEqual({ kind: "limit", value: "3.0.0", applies: true, vulnerable: false });
  });
});
