import type { Kysely, Selectable } from "kysely";
import type { Database, JobSchedulesTable } from "../db/schema.js";
import { checkSchedule, nextTick } from "./schedule-times.js";
import type { Schedule, ScheduleState } from "./types.js";

/**
 * Schedules live in the store with either backend: it is the installation's configuration, which
 * outlives a Redis flush; the BullMQ backend mirrors the enabled ones into BullMQ.
 */
export async function saveSchedule(
  db: Kysely<Database>,
  schedule: Schedule,
  now: Date,
): Promise<ScheduleState> {
  checkSchedule(schedule.cron, schedule.timeZone);
  const next = schedule.enabled ? nextTick(schedule.cron, schedule.timeZone, now) : null;
  const row = {
    name: schedule.name,
    cron: schedule.cron,
    time_zone: schedule.timeZone,
    kind: schedule.kind,
    payload: JSON.stringify(schedule.payload ?? null),
    enabled: schedule.enabled,
    next_run_at: next,
    updated_at: now,
  };
  const saved = await db
    .insertInto("job_schedules")
    .values(row)
    .onConflict((conflict) =>
      conflict.column("name").doUpdateSet({
        cron: row.cron,
        time_zone: row.time_zone,
        kind: row.kind,
        payload: row.payload,
        enabled: row.enabled,
        next_run_at: row.next_run_at,
        updated_at: row.updated_at,
      }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  return scheduleState(saved);
}

export async function listSchedules(db: Kysely<Database>): Promise<ScheduleState[]> {
  return (await db.selectFrom("job_schedules").selectAll().orderBy("name").execute()).map(scheduleState);
}

/**
 * Claims the due ticks: each due schedule's next_run_at moves to its next tick only where it still
 * holds the value read (another instance may have moved it first), and `fire` runs for the ticks
 * this instance moved, in the same transaction, so a tick enqueues its job exactly once. Ticks
 * missed while no instance ran fire once, not once per missed tick.
 */
export async function fireDueSchedules(
  db: Kysely<Database>,
  now: Date,
  fire: (trx: Kysely<Database>, schedule: ScheduleState, tick: Date) => Promise<void>,
): Promise<number> {
  const due = await db
    .selectFrom("job_schedules")
    .selectAll()
    .where("enabled", "=", true)
    .where("next_run_at", "<=", now)
    .execute();
  let fired = 0;
  for (const row of due) {
    const tick = row.next_run_at as Date;
    const next = nextTick(row.cron, row.time_zone, now > tick ? now : tick);
    await db.transaction().execute(async (trx) => {
      const moved = await trx
        .updateTable("job_schedules")
        .set({ next_run_at: next })
        .where("name", "=", row.name)
        .where("next_run_at", "=", tick)
        .executeTakeFirst();
      if (moved.numUpdatedRows !== 1n) return;
      await fire(trx, scheduleState(row), tick);
      fired += 1;
    });
  }
  return fired;
}

/** A schedule tick's job id: the same tick claimed twice is one job. */
export function tickJobId(name: string, tick: Date): string {
  return `schedule-${name}-${tick.getTime()}`;
}

function scheduleState(row: Selectable<JobSchedulesTable>): ScheduleState {
  return {
    name: row.name,
    cron: row.cron,
    timeZone: row.time_zone,
    kind: row.kind,
    payload: row.payload,
    enabled: row.enabled,
    nextRunAt: row.next_run_at ? new Date(row.next_run_at).toISOString() : null,
  };
}
