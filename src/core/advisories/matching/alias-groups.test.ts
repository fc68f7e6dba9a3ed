import { describe, expect, it } from "vitest";
import type { OsvRecord } from "../schema/osv.js";
import { displayId, groupByAliases } from "./alias-groups.js";
import { osvRecord } from "./test-support/records.js";
import { UnionFind } from "./union-find.js";

function rec(id: string, aliases?: string[]): OsvRecord {
  return osvRecord(id, [], aliases ? { aliases } : {});
}

/** Every ordering of a list; the inputs here are small. */
function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

/** A group as plain data: display id, aliases and record ids. */
function shape(records: readonly OsvRecord[]) {
  return groupByAliases(records).map((g) => ({
    id: g.id,
    aliases: g.aliases,
    records: g.records.map((r) => r.id),
  }));
}

describe("groupByAliases", () => {
  // A and B cite the same CVE; C names B's own id; D is unrelated; E cites D's GHSA (a second chain).
  const records = [
    rec("PYSEC-2021-9", ["CVE-2021-1"]),
    rec("GHSA-bbbb-bbbb-bbbb", ["CVE-2021-1"]),
    rec("OSV-2021-3", ["GHSA-bbbb-bbbb-bbbb"]),
    rec("GHSA-dddd-dddd-dddd"),
    rec("PYSEC-2020-4", ["GHSA-dddd-dddd-dddd"]),
  ];
  const expected = [
    {
      id: "CVE-2021-1",
      aliases: ["GHSA-bbbb-bbbb-bbbb", "OSV-2021-3", "PYSEC-2021-9"],
      records: ["GHSA-bbbb-bbbb-bbbb", "OSV-2021-3", "PYSEC-2021-9"],
    },
    {
      id: "GHSA-dddd-dddd-dddd",
      aliases: ["PYSEC-2020-4"],
      records: ["GHSA-dddd-dddd-dddd", "PYSEC-2020-4"],
    },
  ];

  it("joins chains: shared aliases and records naming another record's id", () => {
    expect(shape(records)).toEqual(expected);
  });

  it("gives the same groups, display ids and orders for every input order", () => {
    const all = permutations(records);
    expect(all).toHaveLength(120);
    for (const order of all) expect(shape(order)).toEqual(expected);
  });

  it("keeps unrelated records apart, each its own group", () => {
    expect(shape([rec("PYSEC-1", ["CVE-1"]), rec("PYSEC-2", ["CVE-2"]), rec("NSWG-ECO-3")])).toEqual([
      { id: "CVE-1", aliases: ["PYSEC-1"], records: ["PYSEC-1"] },
      { id: "CVE-2", aliases: ["PYSEC-2"], records: ["PYSEC-2"] },
      { id: "NSWG-ECO-3", aliases: [], records: ["NSWG-ECO-3"] },
    ]);
  });

  it("joins a chain whose middle link is only an alias (A ~ CVE-1 ~ B ~ CVE-2 ~ C)", () => {
    const chain = [
      rec("A-1", ["CVE-2024-1"]),
      rec("B-1", ["CVE-2024-1", "CVE-2024-2"]),
      rec("C-1", ["CVE-2024-2"]),
    ];
    for (const order of permutations(chain)) {
      expect(shape(order)).toEqual([
        {
          id: "CVE-2024-1",
          aliases: ["A-1", "B-1", "C-1", "CVE-2024-2"],
          records: ["A-1", "B-1", "C-1"],
        },
      ]);
    }
  });
});

describe("displayId", () => {
  it.each([
    [["PYSEC-2021-9", "GHSA-bbbb-bbbb-bbbb", "CVE-2021-1"], "CVE-2021-1"],
    [["CVE-2021-20", "CVE-2021-1", "GHSA-a"], "CVE-2021-1"], // smallest CVE, by code units
    [["PYSEC-2021-9", "GHSA-zzzz", "GHSA-aaaa"], "GHSA-aaaa"],
    [["PYSEC-2021-9", "NSWG-ECO-12", "OSV-1"], "NSWG-ECO-12"],
    [["PYSEC-2021-9"], "PYSEC-2021-9"],
    [[], ""],
  ])("%j → %s", (ids, expected) => {
    for (const order of permutations(ids)) expect(displayId(order)).toBe(expected);
  });
});

describe("UnionFind", () => {
  it("finds one root per connected set, whatever the union order", () => {
    const sets = new UnionFind();
    sets.union("a", "b");
    sets.union("c", "d");
    sets.union("b", "d");
    sets.find("e");
    const root = sets.find("a");
    expect(["b", "c", "d"].map((x) => sets.find(x))).toEqual([root, root, root]);
    expect(sets.find("e")).toBe("e");
    expect(sets.find("never-seen")).toBe("never-seen");
  });
});
