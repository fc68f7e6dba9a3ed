import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from "node:fs";
import { LockkeeperError } from "../errors.js";

/** Default largest file Lockkeeper reads (lockfiles, manifests, SBOMs, config): far above real ones. */
export const DEFAULT_MAX_FILE_SIZE = 256 * 1024 * 1024;

export interface ReadLimits {
  /** Largest file read, in bytes (`limits.maxFileSize` in lockkeeper.yaml). */
  maxFileSize: number;
}

export const DEFAULT_LIMITS: ReadLimits = { maxFileSize: DEFAULT_MAX_FILE_SIZE };

/**
 * Why a path cannot be read as a file, or undefined for a regular file: a FIFO would block the read
 * for ever and `/dev/zero` never ends, so only regular files are read (symbolic links are followed).
 */
export function notRegularReason(stats: Stats): string | undefined {
  if (stats.isFile()) return undefined;
  if (stats.isDirectory()) return "not a regular file: a directory";
  if (stats.isFIFO()) return "not a regular file: a named pipe (FIFO)";
  if (stats.isSocket()) return "not a regular file: a socket";
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return "not a regular file: a device";
  return "not a regular file";
}

/**
 * Reads a regular file as UTF-8 text. The file is opened once and checked on the open descriptor
 * (no race between a check and the read); O_NONBLOCK keeps the open of a FIFO from waiting for a
 * writer. Throws UNREADABLE (naming `display`) for anything but a regular file, or a file above the
 * size limit; a missing file throws the system's ENOENT, for callers that treat absence as a value.
 */
export function readRegularFile(path: string, display: string, limits: ReadLimits = DEFAULT_LIMITS): string {
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const stats = fstatSync(fd);
    const reason = notRegularReason(stats);
    if (reason) throw new LockkeeperError("UNREADABLE", reason, { file: display });
    if (stats.size > limits.maxFileSize) throw tooLarge(display, limits);
    return readAll(fd, stats.size, display, limits).toString("utf8");
  } finally {
    closeSync(fd);
  }
}

/** Reads to the end, still within the limit: a file may grow between fstat and the read. */
function readAll(fd: number, expected: number, display: string, limits: ReadLimits): Buffer {
  let buffer = Buffer.allocUnsafe(Math.max(expected, 1) + 1);
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      if (length > limits.maxFileSize) throw tooLarge(display, limits);
      const bigger = Buffer.allocUnsafe(Math.min(buffer.length * 2, limits.maxFileSize + 1));
      buffer.copy(bigger, 0, 0, length);
      buffer = bigger;
    }
    const read = readSync(fd, buffer, length, buffer.length - length, null);
    if (read === 0) break;
    length += read;
  }
  if (length > limits.maxFileSize) throw tooLarge(display, limits);
  return buffer.subarray(0, length);
}

function tooLarge(display: string, limits: ReadLimits): LockkeeperError {
  return new LockkeeperError("UNREADABLE", `larger than the limit of ${formatSize(limits.maxFileSize)}`, {
    file: display,
    hint: "raise limits.maxFileSize in lockkeeper.yaml to read it",
  });
}

export function formatSize(bytes: number): string {
  const units = ["bytes", "KiB", "MiB", "GiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && value % 1024 === 0 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value} ${units[unit]}`;
}
