import type { AppContext } from "./context.js";

/**
 * Counts work items as they start and finish (registry look-ups run together, so the total
 * grows while the first answers arrive) and reports each change as a `progress` event.
 */
export class ProgressCounter {
  private done = 0;
  private total = 0;

  constructor(
    private readonly context: AppContext,
    private readonly label: string,
  ) {}

  /** Wraps one item's promise: counted as started now, as done when it settles either way. */
  track<T>(work: () => Promise<T>): Promise<T> {
    this.total++;
    this.emit();
    return work().finally(() => {
      this.done++;
      this.emit();
    });
  }

  private emit(): void {
    this.context.onEvent({ kind: "progress", label: this.label, done: this.done, total: this.total });
  }
}
