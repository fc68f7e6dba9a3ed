import { type ChildProcess, spawn } from "node:child_process";

export interface StartOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Run through the system shell (a smoke or test command is a command line, not a program). */
  shell?: boolean;
  /** `pipe` to write to the process; default `ignore`. */
  stdin?: "ignore" | "pipe";
  /** Stops the process and everything it started when it fires. */
  signal?: AbortSignal;
}

/**
 * Starts a process in its own process group, so stopping it also stops what its shell or package
 * manager started. The one place Lockkeeper spawns processes: no signal handler is installed on
 * this process (the CLI owns those and turns a Ctrl-C into `signal`).
 */
export function startProcess(program: string, args: readonly string[], options: StartOptions): ChildProcess {
  const child = spawn(program, args, {
    cwd: options.cwd,
    env: options.env,
    shell: options.shell ?? process.platform === "win32",
    detached: process.platform !== "win32",
    stdio: [options.stdin ?? "ignore", "pipe", "pipe"],
  });
  const { signal } = options;
  if (signal) {
    const onAbort = (): void => stopProcessGroup(child);
    if (signal.aborted) onAbort();
    else {
      signal.addEventListener("abort", onAbort, { once: true });
      child.once("close", () => signal.removeEventListener("abort", onAbort));
    }
  }
  return child;
}

/** Kills the whole process group a `startProcess` child leads (it may already be gone). */
export function stopProcessGroup(child: ChildProcess): void {
  const pid = child.pid;
  if (pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    if (process.platform === "win32") child.kill();
    else process.kill(-pid, "SIGKILL");
  } catch {
    // already gone
  }
}
