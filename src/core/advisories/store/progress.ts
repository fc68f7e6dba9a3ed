import type { Ecosystem } from "../../model/types.js";

/**
 * Progress of an import or update, for the CLI's status line. Reported often (every few hundred
 * records, every chunk of a download): keep handlers cheap.
 */
export type AdvisoryProgress =
  /** Records read from a directory or an archive so far. */
  | { phase: "read"; source: string; records: number }
  /** Bytes of a download so far; `totalBytes` when the server announced it. */
  | { phase: "download"; url: string; bytes: number; totalBytes?: number }
  /** Changed records fetched one by one during an incremental update. */
  | { phase: "fetch"; ecosystem: Ecosystem; records: number; totalRecords: number }
  /** Writing the database folder. */
  | { phase: "write"; records: number };

export type ProgressCallback = (progress: AdvisoryProgress) => void;

/** How often (in records) "read" progress is reported. */
export const READ_PROGRESS_EVERY = 250;
