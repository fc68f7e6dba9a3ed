import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseOsvRecord } from "../schema/osv.js";
import { realRecordJson } from "../store/test-support/real-advisories.js";
import { evaluateRecord } from "./evaluate-record.js";

/** Written by scripts/generate-osv-match-vectors.py (see its docstring for the algorithm and layout). */
interface VectorFile {
  generator: {
    packaging: string;
    counts: { records: number; withdrawn: number; real: number; boundary: number; affected: number };
  };
  packages: Record<string, { real: string[]; boundary: string[] }>;
  records: [id: string, name: string, bits: string][];
}

const vectors = JSON.parse(
  readFileSync(new URL("./vectors/pypi-osv-match.json", import.meta.url), "utf8"),
) as VectorFile;

function bit(bytes: Buffer, i: number): boolean {
  return ((bytes[i >> 3] ?? 0) & (1 << (i & 7))) !== 0;
}

describe(`evaluateRecord on the real PyPI advisories (expected by packaging ${vectors.generator.packaging})`, () => {
  it("agrees with the spec's algorithm on every record × version of its package", () => {
    const records = realRecordJson();
    const mismatches: string[] = [];
    let real = 0;
    let boundary = 0;
    let affected = 0;
    for (const [id, name, bits] of vectors.records) {
      const json = records.get(id);
      const pool = vectors.packages[name];
      if (json === undefined || pool === undefined) throw new Error(`${id}: not in the vectors' data`);
      const parsed = parseOsvRecord(JSON.parse(json), id);
      if ("error" in parsed) throw new Error(parsed.error);
      const expected = Buffer.from(bits, "base64");
      [...pool.real, ...pool.boundary].forEach((version, i) => {
        const actual = evaluateRecord(parsed.record, "pypi", name, version).affected;
        if (actual) affected++;
        if (actual !== bit(expected, i))
          mismatches.push(`${id} ${name} ${version}: expected ${bit(expected, i)}`);
      });
      real += pool.real.length;
      boundary += pool.boundary.length;
    }
    expect(mismatches.slice(0, 20)).toEqual([]);
    expect(mismatches).toHaveLength(0);
    // Every record is covered, and the counts are the generator's.
    expect(vectors.records.length).toBe(2661);
    expect({ real, boundary, affected }).toEqual({
      real: vectors.generator.counts.real,
      boundary: vectors.generator.counts.boundary,
      affected: vectors.generator.counts.affected,
    });
  });
});
