import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isLockkeeperError } from "../errors.js";
import { readRegularFile } from "./read-regular-file.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "lk-read-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function failure(path: string, maxFileSize?: number): string {
  try {
    readRegularFile(path, "shown.json", maxFileSize === undefined ? undefined : { maxFileSize });
  } catch (error: unknown) {
    if (isLockkeeperError(error)) return `${error.code}: ${error.describe()}`;
    throw error;
  }
  throw new Error("read");
}

describe("readRegularFile", () => {
  it("reads a regular file, also through a symbolic link", () => {
    writeFileSync(join(dir, "a.json"), "{}\n");
    symlinkSync(join(dir, "a.json"), join(dir, "link.json"));
    expect(readRegularFile(join(dir, "link.json"), "link.json")).toBe("{}\n");
  });

  it("refuses a FIFO without blocking on its open", () => {
    execFileSync("mkfifo", [join(dir, "fifo")]);
    expect(failure(join(dir, "fifo"))).toBe(
      "UNREADABLE: shown.json: not a regular file: a named pipe (FIFO)",
    );
  });

  it("refuses a link to /dev/zero, a directory, and a file above the limit", () => {
    symlinkSync("/dev/zero", join(dir, "zero"));
    mkdirSync(join(dir, "folder"));
    writeFileSync(join(dir, "big"), "x".repeat(2048));
    expect(failure(join(dir, "zero"))).toBe("UNREADABLE: shown.json: not a regular file: a device");
    expect(failure(join(dir, "folder"))).toBe("UNREADABLE: shown.json: not a regular file: a directory");
    expect(failure(join(dir, "big"), 1024)).toMatch(
      /^UNREADABLE: shown\.json: larger than the limit of 1 KiB\n/,
    );
    expect(readRegularFile(join(dir, "big"), "big", { maxFileSize: 2048 })).toHaveLength(2048);
  });

  it("passes a missing file on as the system's ENOENT", () => {
    expect(() => readRegularFile(join(dir, "none"), "none")).toThrow(
      expect.objectContaining({ code: "ENOENT" }),
    );
  });
});
