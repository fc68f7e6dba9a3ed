import { unzipSync } from "fflate";
import { LockkeeperError } from "../../errors.js";
import { type ArchiveLimits, WantedBytesBudget, withDefaultLimits } from "./archive-limits.js";

/**
 * Reads the files a zip archive (a wheel, a zipped sdist) holds whose path `wanted` accepts.
 * Only those are inflated, each into a buffer of its declared size, so the caps of `limits`
 * bound memory; directory entries are passed over. Throws a PARSE error for data that is not a
 * zip archive or an entry over the caps.
 */
export function readZipFiles(
  zip: Uint8Array,
  wanted: (path: string) => boolean,
  limits?: ArchiveLimits,
): Map<string, Uint8Array> {
  const budget = new WantedBytesBudget(withDefaultLimits(limits));
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(zip, {
      filter: (file) => {
        if (file.name.endsWith("/") || !wanted(file.name)) return false;
        budget.take(file.name, file.originalSize);
        return true;
      },
    });
  } catch (error: unknown) {
    if (error instanceof LockkeeperError) throw error;
    const detail = error instanceof Error ? `: ${error.message}` : "";
    throw new LockkeeperError("PARSE", `the archive is not a readable zip file${detail}`, { cause: error });
  }
  return new Map(Object.entries(entries));
}
