import type { AdvisoryProgress } from "../../core/advisories/store/progress.js";
import type { AppEvent } from "../../core/app/context.js";
import type { CliIo } from "../io.js";

/** Redraws of one line at most ten times a second: enough to look alive, cheap for fast events. */
const REDRAW_MS = 100;

/**
 * A use case's events on the terminal: progress as one line redrawn in place on stderr (only when
 * stderr is a terminal, so CI logs stay readable), steps and warnings as lines of their own.
 * Any other output clears the progress line first (see `run`), so it never mixes with results.
 */
export class ProgressLines {
  private drawn = false;
  private lastDraw = 0;
  private lastKey = "";
  private readonly started = Date.now();

  constructor(private readonly io: Pick<CliIo, "stderr" | "isTTY">) {}

  show(event: AppEvent): void {
    switch (event.kind) {
      case "step":
        this.line(`lk: ${event.message}\n`);
        return;
      case "warning":
        this.line(`lk: warning: ${event.message}\n`);
        return;
      case "lockfile":
        // Drawn for one lockfile too: a large one takes a while to parse, and the line clears itself.
        this.draw(
          `reading ${event.path}${event.total > 1 ? ` (${event.index + 1}/${event.total})` : ""}`,
          true,
        );
        return;
      case "progress":
        this.draw(`${event.label}: ${event.done}/${event.total}`, event.done >= event.total);
        return;
      case "history":
        this.draw(`reading history: ${event.done}/${event.total} commits`, event.done >= event.total);
        return;
      case "advisories":
        this.draw(describeAdvisories(event.progress), false);
        return;
      case "verify-prod": {
        const { step, output } = event.progress;
        const elapsed = `${Math.round((Date.now() - this.started) / 1000)}s`;
        const text = `[${elapsed}] ${step}${output ? `: ${output.trim()}` : ""}`.slice(0, 160);
        this.draw(text, step !== this.lastKey, step);
        return;
      }
    }
  }

  /** Removes the progress line, if one is drawn. */
  clear(): void {
    if (!this.drawn) return;
    this.drawn = false;
    this.io.stderr("\r\u001b[K");
  }

  private line(text: string): void {
    this.clear();
    this.io.stderr(text);
  }

  private draw(text: string, force: boolean, key = ""): void {
    if (!this.io.isTTY) return;
    const now = Date.now();
    if (!force && now - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = now;
    this.lastKey = key;
    this.drawn = true;
    this.io.stderr(`\r\u001b[K${text}`);
  }
}

function describeAdvisories(progress: AdvisoryProgress): string {
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
