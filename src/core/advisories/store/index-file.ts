import { endianness } from "node:os";
import { checkKeyTable, type KeyTableArrays } from "./key-table.js";

/**
 * `index.bin`: everything needed to find a record in `records.bin`, laid out as typed arrays so
 * that opening the database is one read and a few views — no parsing, whatever its size.
 *
 *   "LKADVIX1" | u32 header length | header JSON | padding | sections, each 8-byte aligned
 *
 * The header lists each section's name, element type, byte offset and element count. Per record
 * (record number = position in id order): byte offset and length in `records.bin`, `modified` as
 * epoch ms, source number (into meta.json's `sources`), flags (bit 0: withdrawn). Then three key
 * tables (see key-table.ts): `package` (`npm:lodash` → records), `id` (exact id → record) and
 * `lookup` (upper-cased id or alias → records, for `lk explain CVE-…`).
 */

const MAGIC = "LKADVIX1";
export const INDEX_FORMAT = 1;
export const FLAG_WITHDRAWN = 1;

export interface RecordColumns {
  offsets: Float64Array;
  lengths: Uint32Array;
  modifiedMs: Float64Array;
  sources: Uint16Array;
  flags: Uint8Array;
}

export const TABLE_NAMES = ["package", "id", "lookup"] as const;
export type TableName = (typeof TABLE_NAMES)[number];

export interface IndexContents {
  recordCount: number;
  columns: RecordColumns;
  tables: Record<TableName, KeyTableArrays>;
}

type ElementType = "u8" | "u16" | "u32" | "f64";
type TypedArray = Uint8Array | Uint16Array | Uint32Array | Float64Array;

interface SectionHeader {
  name: string;
  type: ElementType;
  offset: number;
  count: number;
}

interface IndexHeader {
  format: number;
  endianness: "LE" | "BE";
  recordCount: number;
  sections: SectionHeader[];
}

const ELEMENT_SIZE: Record<ElementType, number> = { u8: 1, u16: 2, u32: 4, f64: 8 };

function sectionList(contents: IndexContents): [string, ElementType, TypedArray][] {
  const { columns, tables } = contents;
  const list: [string, ElementType, TypedArray][] = [
    ["record.offset", "f64", columns.offsets],
    ["record.length", "u32", columns.lengths],
    ["record.modified", "f64", columns.modifiedMs],
    ["record.source", "u16", columns.sources],
    ["record.flags", "u8", columns.flags],
  ];
  for (const name of TABLE_NAMES) {
    const table = tables[name];
    list.push(
      [`${name}.keyStarts`, "u32", table.keyStarts],
      [`${name}.keyBytes`, "u8", table.keyBytes],
      [`${name}.postingStarts`, "u32", table.postingStarts],
      [`${name}.postings`, "u32", table.postings],
    );
  }
  return list;
}

const align8 = (n: number): number => Math.ceil(n / 8) * 8;

/** Serialises the index. Deterministic: same contents, same bytes. */
export function encodeIndex(contents: IndexContents): Buffer {
  const sections = sectionList(contents);
  // Offsets depend on the header's length, which depends on the offsets' digits: settle it by
  // reserving room for the header, then writing it with spaces as padding.
  const draft: IndexHeader = {
    format: INDEX_FORMAT,
    endianness: endianness(),
    recordCount: contents.recordCount,
    sections: sections.map(([name, type, array]) => ({ name, type, offset: 0, count: array.length })),
  };
  const headerRoom = Buffer.byteLength(JSON.stringify(draft)) + sections.length * 12 + 16;
  let offset = align8(MAGIC.length + 4 + headerRoom);
  for (const section of draft.sections) {
    section.offset = offset;
    offset = align8(offset + section.count * ELEMENT_SIZE[section.type]);
  }
  const out = Buffer.alloc(offset);
  out.write(MAGIC, 0, "latin1");
  const headerJson = JSON.stringify(draft);
  if (Buffer.byteLength(headerJson) > headerRoom) throw new Error("index header outgrew its reserved room");
  out.writeUInt32LE(headerRoom, MAGIC.length);
  out.write(headerJson.padEnd(headerRoom, " "), MAGIC.length + 4, "utf8");
  sections.forEach(([, , array], i) => {
    const target = draft.sections[i] as SectionHeader;
    out.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), target.offset);
  });
  return out;
}

/**
 * Reads an index from its bytes (which must start on an 8-byte boundary of their ArrayBuffer).
 * Throws an Error describing the first structural problem; the caller names the file.
 */
export function decodeIndex(bytes: Uint8Array): IndexContents {
  if (bytes.byteOffset % 8 !== 0) throw new Error("index buffer is not 8-byte aligned");
  if (bytes.length < MAGIC.length + 4 || Buffer.from(bytes.subarray(0, 8)).toString("latin1") !== MAGIC) {
    throw new Error("not a Lockkeeper advisory index (bad magic)");
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(MAGIC.length, true);
  if (MAGIC.length + 4 + headerLength > bytes.length) throw new Error("index header is truncated");
  let header: IndexHeader;
  try {
    header = JSON.parse(
      Buffer.from(bytes.buffer, bytes.byteOffset + MAGIC.length + 4, headerLength).toString("utf8"),
    ) as IndexHeader;
  } catch {
    throw new Error("index header is not valid JSON");
  }
  if (header.format !== INDEX_FORMAT)
    throw new Error(`index format ${String(header.format)} is not supported`);
  if (header.endianness !== endianness())
    throw new Error(`index was written on a ${header.endianness} machine`);
  const recordCount = header.recordCount;
  if (!Number.isInteger(recordCount) || recordCount < 0 || !Array.isArray(header.sections)) {
    throw new Error("index header is malformed");
  }
  const arrays = new Map<string, TypedArray>();
  for (const section of header.sections) {
    arrays.set(section.name, sectionView(bytes, section));
  }
  const get = <T extends TypedArray>(name: string, type: new (...args: never[]) => T): T => {
    const array = arrays.get(name);
    if (!(array instanceof type)) throw new Error(`index section ${name} is missing`);
    return array;
  };
  const columns: RecordColumns = {
    offsets: get("record.offset", Float64Array),
    lengths: get("record.length", Uint32Array),
    modifiedMs: get("record.modified", Float64Array),
    sources: get("record.source", Uint16Array),
    flags: get("record.flags", Uint8Array),
  };
  for (const [name, column] of Object.entries(columns) as [string, TypedArray][]) {
    if (column.length !== recordCount)
      throw new Error(`index column ${name} has ${column.length} of ${recordCount} rows`);
  }
  const tables = {} as Record<TableName, KeyTableArrays>;
  for (const name of TABLE_NAMES) {
    const table: KeyTableArrays = {
      keyStarts: get(`${name}.keyStarts`, Uint32Array),
      keyBytes: get(`${name}.keyBytes`, Uint8Array),
      postingStarts: get(`${name}.postingStarts`, Uint32Array),
      postings: get(`${name}.postings`, Uint32Array),
    };
    const problem = checkKeyTable(table, recordCount);
    if (problem) throw new Error(`index table ${name}: ${problem}`);
    tables[name] = table;
  }
  if (tables.id.postings.length !== recordCount || tables.id.keyStarts.length !== recordCount + 1) {
    throw new Error("index id table does not list every record once");
  }
  return { recordCount, columns, tables };
}

function sectionView(bytes: Uint8Array, section: SectionHeader): TypedArray {
  const size = ELEMENT_SIZE[section.type];
  const { offset, count } = section;
  if (
    size === undefined ||
    !Number.isInteger(offset) ||
    !Number.isInteger(count) ||
    offset < 0 ||
    count < 0
  ) {
    throw new Error(`index section ${String(section.name)} is malformed`);
  }
  if (offset % 8 !== 0 || offset + count * size > bytes.length) {
    throw new Error(`index section ${section.name} lies outside the file`);
  }
  const start = bytes.byteOffset + offset;
  switch (section.type) {
    case "u8":
      return new Uint8Array(bytes.buffer, start, count);
    case "u16":
      return new Uint16Array(bytes.buffer, start, count);
    case "u32":
      return new Uint32Array(bytes.buffer, start, count);
    case "f64":
      return new Float64Array(bytes.buffer, start, count);
  }
}
