/** A command's body: returns the exit code. Command modules are imported on use to keep start-up fast. */
export type Action = () => Promise<number>;

/** Called by a command's commander action with the body to run once parsing has finished. */
export type SetAction = (action: Action) => void;
