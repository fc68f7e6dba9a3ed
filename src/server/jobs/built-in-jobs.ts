import type { Kysely } from "kysely";
import type { HttpClient } from "../../core/http/http-client.js";
import { verifyAuditLog } from "../audit/verify.js";
import { KEEP_MS } from "../auth/login-throttle.js";
import type { Database } from "../db/schema.js";
import type { MailSender } from "../notifications/channels/mail-sender.js";
import { dispatchHandler } from "../notifications/dispatch.js";
import { listSchedules, saveSchedule } from "./schedule-store.js";
import type { JobHandler, Schedule } from "./types.js";

export interface JobDependencies {
  db: Kysely<Database>;
  now(): Date;
  /** How notifications are sent: HTTP for webhooks, the server's SMTP sender when configured. */
  notifications: { http: HttpClient; mail?: MailSender };
}

const DAY_MS = 86_400_000;
/** Finished jobs kept for their history in the jobs table (BullMQ keeps them as long). */
const KEEP_DONE_MS = 7 * DAY_MS;
const KEEP_FAILED_MS = 30 * DAY_MS;

/** The job kinds admins may start with POST /api/v1/jobs (others have payloads of an occasion). */
export const STARTABLE_JOB_KINDS = ["audit.verify", "maintenance.prune"] as const;

/** The job kinds every Lockkeeper worker runs. */
export function builtInJobHandlers(deps: JobDependencies): Record<string, JobHandler> {
  return {
    "notifications.dispatch": dispatchHandler({ db: deps.db, now: deps.now, ...deps.notifications }),
    // The chain checked every night: a broken one is the job's result, for people and (later)
    // notifications to act on; the job itself did its work.
    "audit.verify": () => verifyAuditLog(deps.db),
    "maintenance.prune": () => prune(deps),
  };
}

/** The installation's schedules on a new store; an operator's changes to them are kept. */
export const BUILT_IN_SCHEDULES: readonly Schedule[] = [
  {
    name: "audit-verify",
    cron: "0 3 * * *",
    timeZone: "UTC",
    kind: "audit.verify",
    payload: null,
    enabled: true,
  },
  {
    name: "prune",
    cron: "17 * * * *",
    timeZone: "UTC",
    kind: "maintenance.prune",
    payload: null,
    enabled: true,
  },
];

export async function ensureBuiltInSchedules(db: Kysely<Database>): Promise<void> {
  const existing = new Set((await listSchedules(db)).map((schedule) => schedule.name));
  for (const schedule of BUILT_IN_SCHEDULES)
    if (!existing.has(schedule.name)) await saveSchedule(db, schedule, new Date());
}

/** Rows whose time is over: expired sessions, setup links and lock-outs, old login attempts and jobs. */
async function prune({ db, now }: JobDependencies) {
  const at = now();
  const before = (ms: number) => new Date(at.getTime() - ms);
  const count = (result: { numDeletedRows: bigint }[]) => Number(result[0]?.numDeletedRows ?? 0n);
  return {
    sessions: count(await db.deleteFrom("sessions").where("expires_at", "<", at).execute()),
    setupLinks: count(await db.deleteFrom("setup_tokens").where("expires_at", "<", at).execute()),
    lockouts: count(await db.deleteFrom("login_lockouts").where("locked_until", "<", at).execute()),
    loginAttempts: count(await db.deleteFrom("login_attempts").where("at", "<", before(KEEP_MS)).execute()),
    jobs: count(
      await db
        .deleteFrom("jobs")
        .where((eb) =>
          eb.or([
            eb.and([eb("status", "=", "done"), eb("finished_at", "<", before(KEEP_DONE_MS))]),
            eb.and([eb("status", "=", "failed"), eb("finished_at", "<", before(KEEP_FAILED_MS))]),
          ]),
        )
        .execute(),
    ),
  };
}
