import { existsSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, normalize, relative, resolve, sep } from "node:path";
import { DEFAULT_LIMITS, type ReadLimits, readRegularFile } from "./read-regular-file.js";

/**
 * Read access to a project's files, relative to one base directory. Parsers use it to read
 * manifests and included files next to a lockfile, so the same parser works on a checkout, on
 * a git revision (history, diff) or on files held in memory (tests).
 */
export interface ProjectFiles {
  /** Text of a file relative to the base, or undefined when it does not exist. */
  readText(path: string): string | undefined;
  /** Human-readable form of a path for messages. */
  display(path: string): string;
}

/** Joins and normalises a relative path with forward slashes (`a/b/../c` → `a/c`). */
export function joinRelative(...parts: string[]): string {
  const joined = normalize(join(...parts))
    .split(sep)
    .join("/");
  return joined === "" ? "." : joined;
}

export function dirnameRelative(path: string): string {
  const dir = dirname(path).split(sep).join("/");
  return dir === "" ? "." : dir;
}

export class DiskFiles implements ProjectFiles {
  readonly base: string;
  private readonly displayFrom: string;

  private readonly limits: ReadLimits;
  private readonly onRead: ((absolutePath: string, text: string) => void) | undefined;

  /**
   * `displayFrom`: the directory file names in messages are relative to (default: `base`).
   * `onRead`: told of every file read (`lk push` sends exactly the files the parsers read).
   */
  constructor(
    base: string,
    displayFrom?: string,
    limits: ReadLimits = DEFAULT_LIMITS,
    onRead?: (absolutePath: string, text: string) => void,
  ) {
    this.base = resolve(base);
    this.displayFrom = displayFrom === undefined ? this.base : resolve(displayFrom);
    this.limits = limits;
    this.onRead = onRead;
  }

  /** A FIFO, a device or a file above the size limit is an UNREADABLE error, not "missing". */
  readText(path: string): string | undefined {
    const full = isAbsolute(path) ? path : join(this.base, path);
    try {
      const text = readRegularFile(full, this.display(path), this.limits);
      this.onRead?.(full, text);
      return text;
    } catch (error: unknown) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  display(path: string): string {
    const full = isAbsolute(path) ? path : join(this.base, path);
    const rel = relative(this.displayFrom, full);
    return rel.startsWith("..") ? full : rel || ".";
  }

  isDirectory(path: string): boolean {
    const full = isAbsolute(path) ? path : join(this.base, path);
    return existsSync(full) && statSync(full).isDirectory();
  }
}

/** Files held in memory, keyed by relative path. */
export class MemoryFiles implements ProjectFiles {
  constructor(private readonly files: Record<string, string>) {}

  readText(path: string): string | undefined {
    return this.files[joinRelative(path)];
  }

  display(path: string): string {
    return joinRelative(path);
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === "ENOENT" || code === "ENOTDIR";
}
