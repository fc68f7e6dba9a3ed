import { gunzipSync } from "node:zlib";
import { LockkeeperError } from "../../errors.js";
import { type ArchiveLimits, WantedBytesBudget, withDefaultLimits } from "./archive-limits.js";

const BLOCK = 512;
/** Long names and pax records are metadata: anything bigger than this is not an honest archive. */
const MAX_METADATA_BYTES = 1024 * 1024;
const utf8 = new TextDecoder("utf-8");

/** What a pax extended header or a GNU long-name entry says about the entry that follows it. */
interface PendingAttributes {
  path?: string;
  size?: number;
}

/**
 * Reads the regular files a gzipped tar (an npm tarball, a Python sdist) holds whose path
 * `wanted` accepts, entirely in memory. Understands ustar (with its `prefix` field), pax extended
 * headers (`path`, `size`) and GNU long names (`././@LongLink`); directories, links and devices
 * are passed over. Paths are returned as stored, without a leading `./` or `/`.
 *
 * Throws a PARSE error for data that is not a gzipped tar, a truncated archive, or one that
 * exceeds `limits` (see `ArchiveLimits`).
 */
export function readTarFiles(
  tgz: Uint8Array,
  wanted: (path: string) => boolean,
  limits?: ArchiveLimits,
): Map<string, Uint8Array> {
  const caps = withDefaultLimits(limits);
  const data = gunzip(tgz, caps.maxArchiveBytes);
  const budget = new WantedBytesBudget(caps);
  const files = new Map<string, Uint8Array>();
  let pending: PendingAttributes = {};
  let offset = 0;
  while (offset + BLOCK <= data.length) {
    const header = data.subarray(offset, offset + BLOCK);
    if (header.every((byte) => byte === 0)) break;
    checkChecksum(header, offset);
    const typeFlag = header[156];
    // NUL, like "0", is a regular file (pre-POSIX tars).
    const type = !typeFlag ? "0" : String.fromCharCode(typeFlag);
    const metadata = type === "x" || type === "L" || type === "g" || type === "K";
    const headerSize = readNumber(header, 124, 12, offset);
    const size = metadata ? headerSize : (pending.size ?? headerSize);
    const start = offset + BLOCK;
    const end = start + size;
    if (end > data.length) {
      throw new LockkeeperError(
        "PARSE",
        `the tar archive is truncated (an entry at byte ${offset} ends past its end)`,
      );
    }
    if (type === "x" || type === "L") {
      if (size > MAX_METADATA_BYTES) {
        throw new LockkeeperError(
          "PARSE",
          `the tar archive has a ${size}-byte metadata entry at byte ${offset}`,
        );
      }
      const body = data.subarray(start, end);
      pending =
        type === "x" ? { ...pending, ...parsePax(body, offset) } : { ...pending, path: cString(body) };
    } else {
      // Global pax headers ('g') and GNU long link names ('K') describe nothing we read.
      if (type !== "g" && type !== "K") {
        const path = normalisePath(pending.path ?? headerPath(header));
        if ((type === "0" || type === "7") && wanted(path)) {
          budget.take(path, size);
          files.set(path, data.slice(start, end));
        }
        pending = {};
      }
    }
    offset = start + Math.ceil(size / BLOCK) * BLOCK;
  }
  return files;
}

function gunzip(tgz: Uint8Array, maxBytes: number): Uint8Array {
  try {
    const buffer = gunzipSync(tgz, { maxOutputLength: maxBytes });
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  } catch (error: unknown) {
    if (error instanceof RangeError) {
      throw new LockkeeperError("PARSE", `the archive unpacks to more than ${maxBytes} bytes`);
    }
    const detail = error instanceof Error ? `: ${error.message}` : "";
    throw new LockkeeperError("PARSE", `the archive is not a readable gzip file${detail}`, { cause: error });
  }
}

/** The header checksum, as an unsigned (POSIX) or signed (some old tars) byte sum. */
function checkChecksum(header: Uint8Array, offset: number): void {
  const stored = readNumber(header, 148, 8, offset);
  let unsigned = 0;
  let signed = 0;
  for (const [i, value] of header.entries()) {
    const byte = i >= 148 && i < 156 ? 0x20 : value;
    unsigned += byte;
    signed += byte > 127 ? byte - 256 : byte;
  }
  if (stored !== unsigned && stored !== signed) {
    throw new LockkeeperError("PARSE", `not a tar archive (bad header checksum at byte ${offset})`);
  }
}

/** An octal field, or GNU's base-256 form (high bit set) used for sizes of 8 GiB and more. */
function readNumber(header: Uint8Array, at: number, length: number, offset: number): number {
  const field = header.subarray(at, at + length);
  const first = field[0] ?? 0;
  if ((first & 0x80) !== 0) {
    let value = first & 0x7f;
    for (const byte of field.subarray(1)) value = value * 256 + byte;
    if (!Number.isSafeInteger(value)) throw badNumber(offset);
    return value;
  }
  const text = String.fromCharCode(...field)
    .replace(/[\0 ]+$/, "")
    .replace(/^[\0 ]+/, "");
  if (text === "") return 0;
  if (!/^[0-7]+$/.test(text)) throw badNumber(offset);
  return Number.parseInt(text, 8);
}

function badNumber(offset: number): LockkeeperError {
  return new LockkeeperError(
    "PARSE",
    `not a tar archive (unreadable number in the header at byte ${offset})`,
  );
}

/** `name`, joined to ustar's `prefix`; GNU archives use the prefix area for other fields. */
function headerPath(header: Uint8Array): string {
  const name = cString(header.subarray(0, 100));
  const posix = cString(header.subarray(257, 263)) === "ustar" && header[262] === 0;
  const prefix = posix ? cString(header.subarray(345, 500)) : "";
  return prefix ? `${prefix}/${name}` : name;
}

/** pax records: `<length> <key>=<value>\n`, the length counting the whole record. */
function parsePax(body: Uint8Array, offset: number): PendingAttributes {
  const attributes: PendingAttributes = {};
  let at = 0;
  while (at < body.length) {
    const space = body.indexOf(0x20, at);
    const length = space < 0 ? Number.NaN : Number(String.fromCharCode(...body.subarray(at, space)));
    if (!Number.isSafeInteger(length) || length <= 0 || at + length > body.length) {
      throw new LockkeeperError("PARSE", `the tar archive has a malformed pax header at byte ${offset}`);
    }
    const record = utf8.decode(body.subarray(space + 1, at + length)).replace(/\n$/, "");
    const equals = record.indexOf("=");
    const key = record.slice(0, equals);
    const value = record.slice(equals + 1);
    if (key === "path") attributes.path = value;
    else if (key === "size" && /^\d+$/.test(value)) attributes.size = Number(value);
    at += length;
  }
  return attributes;
}

function cString(bytes: Uint8Array): string {
  const end = bytes.indexOf(0);
  return utf8.decode(end < 0 ? bytes : bytes.subarray(0, end));
}

function normalisePath(path: string): string {
  return path.replace(/^(?:\.?\/)+/, "");
}
