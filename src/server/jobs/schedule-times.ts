import { Cron } from "croner";
import { HttpProblem } from "../problem.js";

/**
 * The first tick of `cron` in `timeZone` strictly after `after`, or null when there is none (a
 * pattern for a date that never comes again). Invalid patterns and zones are the caller's mistake,
 * reported with croner's reason.
 */
export function nextTick(cron: string, timeZone: string, after: Date): Date | null {
  return pattern(cron, timeZone).nextRun(after);
}

/** Throws a 400 problem when `cron` or `timeZone` is not one croner and the runtime understand. */
export function checkSchedule(cron: string, timeZone: string): void {
  pattern(cron, timeZone);
}

function pattern(cron: string, timeZone: string): Cron {
  try {
    // Only a time zone the runtime knows: croner would otherwise fall back silently.
    new Intl.DateTimeFormat("en", { timeZone });
  } catch {
    throw new HttpProblem(
      400,
      `${JSON.stringify(timeZone)} is not a time zone (an IANA name such as Europe/Berlin)`,
    );
  }
  try {
    return new Cron(cron, { timezone: timeZone, paused: true });
  } catch (error: unknown) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new HttpProblem(400, `${JSON.stringify(cron)} is not a cron pattern: ${reason}`);
  }
}
