import { spawn } from "node:child_process";

export interface ProcessOutcome {
  exitCode: number | null;
  timedOut: boolean;
  durationMs: number;
  /** The last bytes of stdout and stderr together. */
  outputTail: string;
}

export interface RunOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Run through the system shell (a smoke command is a command line, not a program). */
  shell?: boolean;
  timeoutMs?: number;
  /** Each complete line the process prints, for progress. */
  onLine?: (line: string) => void;
}

const TAIL_BYTES = 8192;

/** Runs a process to its end; never rejects (a failure to start is exit code null with the reason). */
export function runProcess(program: string, args: string[], options: RunOptions): Promise<ProcessOutcome> {
  const start = Date.now();
  return new Promise((resolve) => {
    let tail = "";
    let partial = "";
    let timedOut = false;
    const child = spawn(program, args, {
      cwd: options.cwd,
      env: options.env,
      shell: options.shell ?? process.platform === "win32",
      // Its own process group, so a timeout stops the shell's children too.
      detached: process.platform !== "win32",
      stdio: ["ignore", "pipe", "pipe"],
    });
    const collect = (chunk: Buffer): void => {
      const text = chunk.toString("utf8");
      tail = (tail + text).slice(-TAIL_BYTES);
      if (!options.onLine) return;
      const lines = (partial + text).split(/\r?\n|\r/);
      partial = lines.pop() ?? "";
      for (const line of lines) if (line.trim() !== "") options.onLine(line);
    };
    child.stdout?.on("data", collect);
    child.stderr?.on("data", collect);
    // The child runs in its own process group, which a Ctrl-C at the terminal does not reach:
    // pass the interruption on, then let it end this process as it would have. Ahead of other
    // listeners, so the child is stopped before they clean up (an update's worktree) under it.
    const forward = (signal: NodeJS.Signals): void => {
      stop(child.pid);
      release();
      process.kill(process.pid, signal);
    };
    const release = (): void => {
      process.removeListener("SIGINT", forward);
      process.removeListener("SIGTERM", forward);
    };
    process.prependOnceListener("SIGINT", forward);
    process.prependOnceListener("SIGTERM", forward);
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            stop(child.pid);
          }, options.timeoutMs);
    const finish = (exitCode: number | null, extra = ""): void => {
      if (timer) clearTimeout(timer);
      release();
      resolve({
        exitCode,
        timedOut,
        durationMs: Date.now() - start,
        outputTail: (tail + extra).slice(-TAIL_BYTES),
      });
    };
    child.on("error", (error) => finish(null, `\n${error.message}`));
    child.on("close", (code) => finish(code));
  });
}

function stop(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    if (process.platform === "win32") process.kill(pid);
    else process.kill(-pid, "SIGKILL"); // the whole group this run started
  } catch {
    // already gone
  }
}
