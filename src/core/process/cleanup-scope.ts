/**
 * Clean-up steps of work in progress (a temporary worktree, a scratch folder), for the owner of
 * the process to run when the work cannot unwind by itself: the CLI runs them on a second Ctrl-C
 * or at `process.exit`; a server when a job's worker is shutting down. Work that finishes
 * normally removes its own step again. Steps are synchronous so they can run at exit.
 */
export class CleanupScope {
  private readonly steps = new Set<() => void>();

  /** Registers a step; the returned function takes it back (the work cleaned up itself). */
  add(step: () => void): () => void {
    this.steps.add(step);
    return () => {
      this.steps.delete(step);
    };
  }

  /** Steps still registered. */
  get size(): number {
    return this.steps.size;
  }

  /** Runs every registered step once, newest first; one that throws does not stop the others. */
  runAll(): unknown[] {
    const failures: unknown[] = [];
    for (const step of [...this.steps].reverse()) {
      this.steps.delete(step);
      try {
        step();
      } catch (error: unknown) {
        failures.push(error);
      }
    }
    return failures;
  }
}
