import type { AdvisoryProgress } from "../../core/advisories/store/progress.js";
import type { CliIo } from "../io.js";

/** A progress line redrawn in place on a terminal; silent elsewhere (CI logs stay readable). */
export function advisoryProgressLine(io: CliIo): { update(progress: AdvisoryProgress): void; done(): void } {
  if (!io.isTTY) return { update: () => {}, done: () => {} };
  let last = 0;
  return {
    update(progress) {
      const now = Date.now();
      if (now - last < 100) return; // redraw at most ten times a second
      last = now;
      io.stderr(`\r\u001b[K${describe(progress)}`);
    },
    done() {
      io.stderr("\r\u001b[K");
    },
  };
}

function describe(progress: AdvisoryProgress): string {
  switch (progress.phase) {
    case "read":
      return `reading ${progress.source}: ${progress.records} records`;
    case "download":
      return `downloading ${progress.url}: ${(progress.bytes / 1048576).toFixed(1)}${progress.totalBytes ? ` of ${(progress.totalBytes / 1048576).toFixed(1)}` : ""} MB`;
    case "fetch":
      return `fetching changed ${progress.ecosystem} records: ${progress.records}/${progress.totalRecords}`;
    case "write":
      return `writing ${progress.records} records`;
  }
}
