import { CleanupScope } from "../core/process/cleanup-scope.js";

const SIGNALS = ["SIGINT", "SIGTERM"] as const;

/** How interruptible work ended: its value or error, and the signal that interrupted it, if any. */
export type Interrupted<T> =
  | { ok: true; value: T; signal?: NodeJS.Signals }
  | { ok: false; error: unknown; signal?: NodeJS.Signals };

/** What the work is given: cancellation and the scope its clean-up steps are held in. */
export interface WorkLifecycle {
  signal: AbortSignal;
  cleanup: CleanupScope;
}

/**
 * Runs work the way a terminal user expects to stop it. Core installs no signal handlers; the CLI
 * does, here, for the duration of one command:
 * - the first SIGINT/SIGTERM cancels the work through its AbortSignal (child processes are
 *   stopped, temporary worktrees removed as the work unwinds); once it has, clean-up steps still
 *   held run and the caller ends the process by that signal (exit status 128+n, as shells expect);
 * - a second signal, or work that has not unwound after `graceMs`, runs the clean-up at once and
 *   ends the process by the signal (`graceMs` null: the work bounds its own stop, as a server
 *   draining its requests does);
 * - `process.exit` during the work runs the clean-up synchronously.
 */
export async function withInterruption<T>(
  work: (lifecycle: WorkLifecycle) => Promise<T>,
  graceMs: number | null = 5_000,
): Promise<Interrupted<T>> {
  const controller = new AbortController();
  const cleanup = new CleanupScope();
  let received: NodeJS.Signals | undefined;
  let timer: NodeJS.Timeout | undefined;
  const runCleanup = (): void => {
    cleanup.runAll();
  };
  const uninstall = (): void => {
    for (const signal of SIGNALS) process.off(signal, onSignal);
    process.off("exit", runCleanup);
    if (timer) clearTimeout(timer);
  };
  const endNow = (signal: NodeJS.Signals): void => {
    runCleanup();
    uninstall();
    // No listener is left: signalling ourselves gets Node's default, ending the process by it.
    process.kill(process.pid, signal);
  };
  function onSignal(signal: NodeJS.Signals): void {
    if (received) {
      endNow(signal);
      return;
    }
    received = signal;
    controller.abort(`interrupted by ${signal}`);
    if (graceMs !== null) {
      timer = setTimeout(() => endNow(signal), graceMs);
      timer.unref();
    }
  }
  for (const signal of SIGNALS) process.on(signal, onSignal);
  process.on("exit", runCleanup);
  try {
    const value = await work({ signal: controller.signal, cleanup });
    return { ok: true, value, ...(received ? { signal: received } : {}) };
  } catch (error: unknown) {
    return { ok: false, error, ...(received ? { signal: received } : {}) };
  } finally {
    runCleanup();
    uninstall();
  }
}
