import type { CleanupScope } from "../core/process/cleanup-scope.js";
import type { ProgressLines } from "./output/progress-lines.js";

/** Where a command writes; tests pass buffers, the binary passes the process streams. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stderr is a terminal (progress lines are drawn only then). */
  isTTY: boolean;
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
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    isTTY: process.stderr.isTTY === true,
    cwd: process.cwd(),
    env: process.env,
  };
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
