import { LockkeeperError } from "../../errors.js";

/**
 * Caps on what reading a published archive may cost, so a hostile package (a gzip bomb, an entry
 * claiming gigabytes) cannot exhaust memory. Exceeding one is a PARSE error, never a silent cut.
 */
export interface ArchiveLimits {
  /** A gzipped tar once decompressed (zip entries are inflated one by one instead). Default 256 MiB. */
  maxArchiveBytes?: number;
  /** One wanted file. Default 8 MiB: no honest changelog comes close. */
  maxFileBytes?: number;
  /** All wanted files together. Default 32 MiB. */
  maxTotalBytes?: number;
}

export const DEFAULT_ARCHIVE_LIMITS: Required<ArchiveLimits> = {
  maxArchiveBytes: 256 * 1024 * 1024,
  maxFileBytes: 8 * 1024 * 1024,
  maxTotalBytes: 32 * 1024 * 1024,
};

/** Counts the bytes of wanted files against the per-file and total caps. */
export class WantedBytesBudget {
  private total = 0;

  constructor(private readonly limits: Required<ArchiveLimits>) {}

  /** Throws a PARSE error when `path` (of `size` bytes) would exceed a cap. */
  take(path: string, size: number): void {
    if (size > this.limits.maxFileBytes) {
      throw new LockkeeperError(
        "PARSE",
        `the archive entry ${path} is ${size} bytes, more than the ${this.limits.maxFileBytes} allowed`,
      );
    }
    this.total += size;
    if (this.total > this.limits.maxTotalBytes) {
      throw new LockkeeperError(
        "PARSE",
        `the wanted archive entries exceed ${this.limits.maxTotalBytes} bytes together (at ${path})`,
      );
    }
  }
}

/** Limits with defaults filled in. */
export function withDefaultLimits(limits: ArchiveLimits = {}): Required<ArchiveLimits> {
  return { ...DEFAULT_ARCHIVE_LIMITS, ...limits };
}
