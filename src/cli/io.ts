import type { CleanupScope } from "../core/process/cleanup-scope.js";
import { EXIT } from "./exit-codes.js";
import type { ProgressLines } from "./output/progress-lines.js";

/** Where a command writes; tests pass buffers, the binary passes the process streams. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stderr is a terminal (progress lines are drawn only then). */
  isTTY: boolean;
  /** Whether stdout is a terminal, and its width: colour and fitted tables (see `stdoutTerminal`). */
  stdoutIsTTY?: boolean;
  columns?: number;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Set by `run` for the command being run: its cancellation (Ctrl-C) … */
  signal?: AbortSignal;
  /** … the clean-up steps of its work in progress … */
  cleanup?: CleanupScope;
  /** … and its progress line, which other output clears first. */
  progress?: ProgressLines;
}

export function processIo(): CliIo {
  for (const stream of [process.stdout, process.stderr]) stream.on("error", endOnClosedPipe);
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    isTTY: process.stderr.isTTY === true,
    stdoutIsTTY: process.stdout.isTTY === true,
    ...(process.stdout.columns ? { columns: process.stdout.columns } : {}),
    cwd: process.cwd(),
    env: process.env,
  };
}

/**
 * The reader of our output has gone (`lk … | head -1`): nothing more can be shown, so end quietly
 * with the status a shell gives a process killed by SIGPIPE (128 + 13), as `yes | head` does.
 * Clean-up still held by the command runs on exit (see withInterruption).
 */
function endOnClosedPipe(error: NodeJS.ErrnoException): void {
  if (error.code !== "EPIPE") throw error;
  process.exit(EXIT.CLOSED_OUTPUT);
}

/** An io that records everything, for tests. */
export function bufferIo(cwd = process.cwd()): CliIo & { out: string; err: string } {
  const io = {
    out: "",
    err: "",
    isTTY: false,
    cwd,
    env: { ...process.env, NO_COLOR: "1" },
    stdout(text: string) {
      io.out += text;
    },
    stderr(text: string) {
      io.err += text;
    },
  };
  return io;
}
