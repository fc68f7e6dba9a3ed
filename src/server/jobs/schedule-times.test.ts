import { describe, expect, it } from "vitest";
import { HttpProblem } from "../problem.js";
import { retryDelayMs } from "./backoff.js";
import { checkSchedule, nextTick } from "./schedule-times.js";

describe("schedule times", () => {
  it("reads a pattern in its time zone, across the change to summer time", () => {
    // Three in the morning in Berlin is 02:00 UTC in winter and 01:00 UTC in summer.
    expect(nextTick("0 3 * * *", "Europe/Berlin", new Date("2026-03-28T12:00:00Z"))?.toISOString()).toBe(
      "2026-03-29T01:00:00.000Z",
    );
    expect(nextTick("0 3 * * *", "Europe/Berlin", new Date("2026-03-27T12:00:00Z"))?.toISOString()).toBe(
      "2026-03-28T02:00:00.000Z",
    );
    // Strictly after: a tick at the given instant is not the next one.
    expect(nextTick("*/15 * * * *", "UTC", new Date("2026-01-01T10:15:00Z"))?.toISOString()).toBe(
      "2026-01-01T10:30:00.000Z",
    );
  });

  it("refuses a pattern or a time zone it cannot read, saying which", () => {
    const problem = (cron: string, zone: string) => {
      try {
        checkSchedule(cron, zone);
        return undefined;
      } catch (error: unknown) {
        return error instanceof HttpProblem ? [error.status, error.message] : error;
      }
    };
    expect(problem("0 3 * * *", "UTC")).toBeUndefined();
    expect(problem("0 25 * * *", "UTC")).toEqual([
      400,
      expect.stringContaining('"0 25 * * *" is not a cron pattern'),
    ]);
    expect(problem("0 3 * * *", "Mars/Olympus")).toEqual([
      400,
      expect.stringContaining('"Mars/Olympus" is not a time zone'),
    ]);
  });

  it("waits longer after each failure, capped, with half of each delay random", () => {
    const timing = { retryBaseMs: 1_000, retryMaxMs: 5_000 };
    expect([1, 2, 3, 4, 5].map((attempt) => retryDelayMs(attempt, timing, () => 0))).toEqual([
      500, 1_000, 2_000, 2_500, 2_500,
    ]);
    expect([1, 2, 3, 4, 5].map((attempt) => retryDelayMs(attempt, timing, () => 1))).toEqual([
      1_000, 2_000, 4_000, 5_000, 5_000,
    ]);
  });
});
