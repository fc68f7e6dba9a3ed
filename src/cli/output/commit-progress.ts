import type { CliIo } from "../io.js";

/** Commits read so far, redrawn in place on a terminal at most ten times a second. */
export function commitProgressLine(io: CliIo): {
  update: (done: number, total: number) => void;
  done: () => void;
} {
  if (!io.isTTY) return { update: () => {}, done: () => {} };
  let last = 0;
  return {
    update(done, total) {
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      io.stderr(`\r\u001b[Kreading history: ${done}/${total} commits`);
    },
    done() {
      io.stderr("\r\u001b[K");
    },
  };
}
