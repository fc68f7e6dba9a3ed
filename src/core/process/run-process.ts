import { cancelledError } from "./cancellation.js";
import { type StartOptions, startProcess, stopProcessGroup } from "./start-process.js";

export interface ProcessOutcome {
  exitCode: number | null;
  timedOut: boolean;
  durationMs: number;
  /** The last bytes of stdout and stderr together, for messages. */
  outputTail: string;
  /** All of standard output when `collectStdout` was set; empty otherwise. */
  stdout: Buffer;
  /** The last bytes of standard error. */
  stderr: string;
  /** Why the process could not start (ENOENT for a missing program or directory). */
  startError?: Error;
}

export interface RunOptions extends Omit<StartOptions, "stdin"> {
  timeoutMs?: number;
  /** Each complete line the process prints, for progress. */
  onLine?: (line: string) => void;
  /** Written to standard input, which is then closed. */
  input?: string | Buffer;
  /** Keep all of standard output (a command's answer), not only its tail. */
  collectStdout?: boolean;
}

const TAIL_BYTES = 8192;

/**
 * Runs a process to its end. A process that cannot start is exit code null with the reason in
 * the output; a timeout stops it (and its children) and says so. When `signal` fires, the process
 * group is stopped and the promise rejects with CANCELLED once the process is gone, so a caller's
 * clean-up never runs under a tool that is still writing.
 */
export function runProcess(program: string, args: string[], options: RunOptions): Promise<ProcessOutcome> {
  const start = Date.now();
  const { signal } = options;
  if (signal?.aborted) return Promise.reject(cancelledError(describe(program, args), signal));
  return new Promise((resolve, reject) => {
    let tail = "";
    let stderrTail = "";
    let partial = "";
    let timedOut = false;
    const stdout: Buffer[] = [];
    const child = startProcess(program, args, {
      ...options,
      stdin: options.input === undefined ? "ignore" : "pipe",
    });
    const collect = (chunk: Buffer): void => {
      const text = chunk.toString("utf8");
      tail = (tail + text).slice(-TAIL_BYTES);
      if (!options.onLine) return;
      const lines = (partial + text).split(/\r?\n|\r/);
      partial = lines.pop() ?? "";
      for (const line of lines) if (line.trim() !== "") options.onLine(line);
    };
    child.stdout?.on("data", (chunk: Buffer) => {
      if (options.collectStdout) stdout.push(chunk);
      collect(chunk);
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      stderrTail = (stderrTail + chunk.toString("utf8")).slice(-TAIL_BYTES);
      collect(chunk);
    });
    if (options.input !== undefined && child.stdin) {
      // A process that exits before reading its input breaks the pipe: its exit code tells what happened.
      child.stdin.on("error", () => undefined);
      child.stdin.end(options.input);
    }
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            stopProcessGroup(child);
          }, options.timeoutMs);
    const finish = (exitCode: number | null, startError?: Error): void => {
      const extra = startError ? `\n${startError.message}` : "";
      if (timer) clearTimeout(timer);
      if (signal?.aborted) {
        reject(cancelledError(describe(program, args), signal));
        return;
      }
      resolve({
        exitCode,
        timedOut,
        durationMs: Date.now() - start,
        outputTail: (tail + extra).slice(-TAIL_BYTES),
        stdout: Buffer.concat(stdout),
        stderr: stderrTail + extra,
        ...(startError ? { startError } : {}),
      });
    };
    child.on("error", (error) => finish(null, error));
    child.on("close", (code) => finish(code));
  });
}

function describe(program: string, args: readonly string[]): string {
  return [program, ...args.slice(0, 2)].join(" ");
}
