/** A command's body: returns the exit code. Command modules are imported on use to keep start-up fast. */
export type Action = () => Promise<number>;

export interface ActionOptions {
  /**
   * SIGTERM/SIGINT asks this command to stop, and stopping is its normal end (a server): its exit
   * code stands instead of "interrupted", and it bounds its own stop (no grace timer; a second
   * signal still ends the process at once).
   */
  stopsOnSignal?: boolean;
}

/** Called by a command's commander action with the body to run once parsing has finished. */
export type SetAction = (action: Action, options?: ActionOptions) => void;
