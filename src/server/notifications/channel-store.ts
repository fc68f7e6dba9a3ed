import type { Kysely, Transaction } from "kysely";
import { type AuthDependencies, audited } from "../auth/dependencies.js";
import type { Principal } from "../auth/principal.js";
import type { Database } from "../db/schema.js";
import { uuidv7 } from "../ids.js";
import { decodeCursor, page } from "../pagination.js";
import { HttpProblem } from "../problem.js";
import type { ChannelKind, ChannelTarget, EmailConfig, UrlConfig } from "./channels/types.js";
import { newWebhookSecret } from "./channels/webhook-signature.js";

type ChannelConfig = UrlConfig | EmailConfig;

/**
 * A channel as the API and the audit log show it: never the webhook secret, and of a URL only its
 * origin (a Slack or Teams webhook URL is a credential: whoever has it can post).
 */
export interface ChannelView {
  id: string;
  name: string;
  kind: ChannelKind;
  config: { url: string } | { recipients: string[] };
  enabled: boolean;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
}

export interface CreateChannelRequest {
  name: string;
  kind: ChannelKind;
  config: ChannelConfig;
  enabled?: boolean;
}

export interface UpdateChannelRequest {
  name?: string;
  config?: ChannelConfig;
  enabled?: boolean;
  rotateSecret?: true;
}

/** What an audit entry says of the secret: that there is one, or that it changed, never its value. */
const REDACTED = "[redacted]";

type Row = {
  id: string;
  name: string;
  kind: ChannelKind;
  config: unknown;
  secret: string | null;
  enabled: boolean;
  created_at: Date;
  created_by: string;
  updated_at: Date;
};

/**
 * Creates a channel; a webhook gets a new signing secret, returned this once (the API shows it
 * in the 201 and never again). A taken name is 409; an e-mail channel on a server without SMTP
 * configuration is 409, as it could never send.
 */
export async function createChannel(
  deps: AuthDependencies & { smtpConfigured: boolean },
  principal: Principal,
  request: CreateChannelRequest,
): Promise<{ channel: ChannelView; secret?: string }> {
  if (request.kind === "email" && !deps.smtpConfigured) throw noSmtp();
  const secret = request.kind === "webhook" ? newWebhookSecret() : null;
  const now = deps.now();
  const channel = await audited(deps, async (trx, audit) => {
    const created = await trx
      .insertInto("notification_channels")
      .values({
        id: uuidv7(now.getTime()),
        name: request.name,
        kind: request.kind,
        config: JSON.stringify(request.config),
        secret,
        enabled: request.enabled ?? true,
        created_at: now,
        created_by: principal.actor,
        updated_at: now,
      })
      .onConflict((conflict) => conflict.column("name").doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!created) throw nameTaken(request.name);
    const view = viewOf(created);
    await audit({
      actor: principal.actor,
      action: "notification_channel.create",
      subjectType: "notification_channel",
      subjectId: view.id,
      after: withSecretNote(view, secret === null ? undefined : REDACTED),
    });
    return view;
  });
  return secret === null ? { channel } : { channel, secret };
}

export async function listChannels(
  db: Kysely<Database>,
  limit: number,
  cursor: string | undefined,
): Promise<{ items: ChannelView[]; nextCursor: string | null }> {
  let query = db
    .selectFrom("notification_channels")
    .selectAll()
    .orderBy("id")
    .limit(limit + 1);
  if (cursor !== undefined) query = query.where("id", ">", String(decodeCursor(cursor, 1)[0]));
  const result = page(await query.execute(), limit, (row) => [row.id]);
  return { items: result.items.map(viewOf), nextCursor: result.nextCursor };
}

export async function getChannel(db: Kysely<Database>, id: string): Promise<ChannelView> {
  return viewOf(await rowOf(db, id));
}

/** A channel as senders need it, secret included: never for a response. */
export async function channelTarget(db: Kysely<Database>, id: string): Promise<ChannelTarget> {
  return targetOf(await rowOf(db, id));
}

/** Every enabled channel, for whoever sends a batch's messages (the job system). */
export async function enabledChannelTargets(db: Kysely<Database>): Promise<ChannelTarget[]> {
  const rows = await db
    .selectFrom("notification_channels")
    .selectAll()
    .where("enabled", "=", true)
    .orderBy("id")
    .execute();
  return rows.map(targetOf);
}

/**
 * Changes a channel's name, configuration (of its own kind) or whether it is enabled, or gives a
 * webhook a new secret (returned this once).
 */
export async function updateChannel(
  deps: AuthDependencies,
  principal: Principal,
  id: string,
  change: UpdateChannelRequest,
): Promise<{ channel: ChannelView; secret?: string }> {
  return audited(deps, async (trx, audit) => {
    const before = await rowOf(trx, id, { forUpdate: true });
    if (change.config !== undefined && !fitsKind(before.kind, change.config)) {
      throw new HttpProblem(
        400,
        `the config of a ${before.kind} channel is ${before.kind === "email" ? "{ recipients }" : "{ url }"}`,
      );
    }
    if (change.rotateSecret && before.kind !== "webhook") {
      throw new HttpProblem(400, `a ${before.kind} channel has no signing secret to rotate`);
    }
    const secret = change.rotateSecret ? newWebhookSecret() : undefined;
    if (change.name !== undefined && change.name !== before.name) {
      const taken = await trx
        .selectFrom("notification_channels")
        .select("id")
        .where("name", "=", change.name)
        .executeTakeFirst();
      if (taken) throw nameTaken(change.name);
    }
    const after = await trx
      .updateTable("notification_channels")
      .set({
        ...(change.name !== undefined ? { name: change.name } : {}),
        ...(change.config !== undefined ? { config: JSON.stringify(change.config) } : {}),
        ...(change.enabled !== undefined ? { enabled: change.enabled } : {}),
        ...(secret !== undefined ? { secret } : {}),
        updated_at: deps.now(),
      })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow()
      .catch((error: unknown) => {
        // Two renames to one name at once: the unique constraint decides.
        if ((error as { code?: string }).code === "23505") throw nameTaken(change.name ?? before.name);
        throw error;
      });
    const channel = viewOf(after);
    const secretBefore = before.secret === null ? undefined : REDACTED;
    await audit({
      actor: principal.actor,
      action: "notification_channel.update",
      subjectType: "notification_channel",
      subjectId: id,
      before: withSecretNote(viewOf(before), secretBefore),
      after: withSecretNote(channel, secret !== undefined ? `${REDACTED} (rotated)` : secretBefore),
    });
    return secret === undefined ? { channel } : { channel, secret };
  });
}

/** Deletes a channel and its delivery log. */
export async function deleteChannel(deps: AuthDependencies, principal: Principal, id: string): Promise<void> {
  await audited(deps, async (trx, audit) => {
    const before = await rowOf(trx, id, { forUpdate: true });
    await trx.deleteFrom("notification_channels").where("id", "=", id).execute();
    await audit({
      actor: principal.actor,
      action: "notification_channel.delete",
      subjectType: "notification_channel",
      subjectId: id,
      before: withSecretNote(viewOf(before), before.secret === null ? undefined : REDACTED),
    });
  });
}

async function rowOf(
  db: Kysely<Database> | Transaction<Database>,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<Row> {
  let query = db.selectFrom("notification_channels").selectAll().where("id", "=", id);
  if (options.forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) throw new HttpProblem(404, "no such notification channel");
  return row as Row;
}

function viewOf(row: Row): ChannelView {
  const config = row.config as ChannelConfig;
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    config: "url" in config ? { url: shownUrl(config.url) } : { recipients: [...config.recipients] },
    enabled: row.enabled,
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
    updatedAt: row.updated_at.toISOString(),
  };
}

function targetOf(row: Row): ChannelTarget {
  const base = { id: row.id, name: row.name };
  switch (row.kind) {
    case "webhook":
      return { ...base, kind: "webhook", config: row.config as UrlConfig, secret: row.secret as string };
    case "slack":
    case "teams":
      return { ...base, kind: row.kind, config: row.config as UrlConfig };
    case "email":
      return { ...base, kind: "email", config: row.config as EmailConfig };
  }
}

/** The view with a note on the secret, for an audit entry. */
function withSecretNote(view: ChannelView, secret: string | undefined): ChannelView & { secret?: string } {
  return secret === undefined ? view : { ...view, secret };
}

/** Scheme, host and port: what tells channels apart without handing out the credential in the path. */
export function shownUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const rest = parsed.pathname !== "/" || parsed.search !== "" ? "/…" : "/";
    return `${parsed.protocol}//${parsed.host}${rest}`;
  } catch {
    return "(invalid URL)";
  }
}

function fitsKind(kind: ChannelKind, config: ChannelConfig): boolean {
  return kind === "email" ? "recipients" in config : "url" in config;
}

function nameTaken(name: string): HttpProblem {
  return new HttpProblem(409, `a notification channel named ${JSON.stringify(name)} exists already`);
}

function noSmtp(): HttpProblem {
  return new HttpProblem(
    409,
    "e-mail channels need the server's SMTP configuration (LK_SMTP_URL or LK_SMTP_HOST, and LK_SMTP_FROM)",
  );
}
