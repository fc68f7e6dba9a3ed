import type { Kysely } from "kysely";
import { expect } from "vitest";
import { type AppDependencies, buildApp } from "../app.js";
import { verifyAuditLog } from "../audit/verify.js";
import { migrate } from "../db/migrations.js";
import type { Database } from "../db/schema.js";
import { sharedAdvisories } from "../test-support/advisories.js";
import type { FreshStore } from "./stores.js";

/** A clock a test moves by hand: sessions, tokens and lock-outs read it through `now`. */
export function testClock(start = "2026-03-02T09:00:00.000Z") {
  let current = new Date(start);
  return {
    now: () => current,
    advance(ms: number) {
      current = new Date(current.getTime() + ms);
    },
  };
}

/**
 * The app over a fresh migrated store, on a test clock; errors that became 500s are collected.
 * `extra` adds dependencies (notification senders, logs).
 */
export async function startedApp(
  fresh: () => Promise<FreshStore>,
  extra: Pick<AppDependencies, "notifications" | "log"> = {},
) {
  const db = await (await fresh()).open();
  await migrate(db);
  const clock = testClock();
  const errors: unknown[] = [];
  const { app } = await buildApp({
    db,
    advisories: sharedAdvisories(),
    now: clock.now,
    onError: (error) => errors.push(error),
    ...extra,
  });
  return { db, app, clock, errors };
}

/**
 * The audit log verifies, and no secret (password, token, session or setup secret, or the hash of
 * a password) appears anywhere in it.
 */
export async function expectAuditLogClean(db: Kysely<Database>, secrets: readonly string[]): Promise<void> {
  expect(await verifyAuditLog(db)).toMatchObject({ ok: true });
  const entries = await db.selectFrom("audit_log").selectAll().execute();
  const text = JSON.stringify(entries);
  for (const secret of secrets) expect(text).not.toContain(secret);
  expect(text).not.toContain("$argon2id$");
}
