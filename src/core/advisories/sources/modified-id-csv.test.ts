import { describe, expect, it } from "vitest";
import { parseModifiedIdCsv, timestampMs } from "./modified-id-csv.js";

describe("parseModifiedIdCsv", () => {
  it("reads per-ecosystem lines, newest first, keeping the order", () => {
    const list = parseModifiedIdCsv(
      "2024-11-02T10:00:00.123456Z,PYSEC-2024-9\n2024-11-01T00:00:00Z,GHSA-jfh8-c2jp-5v3q\n",
    );
    expect(list.malformed).toEqual([]);
    expect(list.entries).toEqual([
      {
        id: "PYSEC-2024-9",
        modified: "2024-11-02T10:00:00.123456Z",
        modifiedMs: Date.UTC(2024, 10, 2, 10) + 123.456,
      },
      { id: "GHSA-jfh8-c2jp-5v3q", modified: "2024-11-01T00:00:00Z", modifiedMs: Date.UTC(2024, 10, 1) },
    ]);
  });

  it("reads the bucket-wide form `<Ecosystem>/<id>`, CRLF, blank lines and a header", () => {
    const list = parseModifiedIdCsv("modified,id\r\n2024-08-15T00:00:00Z,PyPI/PYSEC-2021-123\r\n\r\n");
    expect(list.entries.map((e) => e.id)).toEqual(["PYSEC-2021-123"]);
    expect(list.malformed).toEqual([]);
  });

  it("reports malformed lines with their line numbers", () => {
    const list = parseModifiedIdCsv(
      "2024-08-15T00:00:00Z,A-1\nnot a line\n2024-13-99,B-2\n2024-08-15T00:00:00Z,\n",
    );
    expect(list.entries.map((e) => e.id)).toEqual(["A-1"]);
    expect(list.malformed).toEqual([
      { line: 2, text: "not a line" },
      { line: 3, text: "2024-13-99,B-2" },
      { line: 4, text: "2024-08-15T00:00:00Z," },
    ]);
  });
});

describe("timestampMs", () => {
  it.each([
    ["2023-11-07T20:24:23Z", 1699388663000],
    ["2023-11-07T20:24:23.9+02:00", 1699381463900],
    ["2023-11-07T20:24:23.946863Z", 1699388663946.863],
  ])("%s → %d", (text, ms) => {
    expect(timestampMs(text)).toBeCloseTo(ms, 3);
  });

  it("orders stamps that differ below the millisecond", () => {
    expect(timestampMs("2023-11-07T20:24:23.946864Z")).toBeGreaterThan(
      timestampMs("2023-11-07T20:24:23.946863Z"),
    );
  });

  it("is NaN for what is not a timestamp", () => {
    expect(timestampMs("yesterday")).toBeNaN();
    expect(timestampMs("2024-01-01")).toBeNaN();
  });
});
