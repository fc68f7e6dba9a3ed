import type { FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import type { HttpClient } from "../../core/http/http-client.js";
import { authorize } from "../auth/authorize.js";
import { idParams } from "../auth/schemas.js";
import type { Database } from "../db/schema.js";
import { DEFAULT_PAGE_SIZE, PAGE_QUERY_PROPERTIES, type PageQuery } from "../pagination.js";
import {
  type CreateChannelRequest,
  channelTarget,
  createChannel,
  deleteChannel,
  getChannel,
  listChannels,
  type UpdateChannelRequest,
  updateChannel,
} from "./channel-store.js";
import type { MailSender } from "./channels/mail-sender.js";
import { deliver } from "./deliver.js";
import { deliveryLog, listDeliveries } from "./delivery-log.js";
import { testMessage } from "./messages.js";
import { CREATE_CHANNEL_SCHEMA, UPDATE_CHANNEL_SCHEMA } from "./schema.js";

export interface NotificationRouteDependencies {
  db: Kysely<Database>;
  now(): Date;
  /** One attempt per request (see channelHttpClient). */
  http: HttpClient;
  /** The server's SMTP sender; absent without LK_SMTP_* configuration. */
  mail?: MailSender;
}

const PAGE_QUERY = {
  type: "object",
  additionalProperties: false,
  properties: PAGE_QUERY_PROPERTIES,
} as const;
const TAGS = ["notifications"];

/**
 * Notification channels: admins only (settings:manage, which tokens scoped to projects never
 * have: channels get every project's findings). Every change is audited without the secret.
 */
export function registerNotificationRoutes(app: FastifyInstance, deps: NotificationRouteDependencies): void {
  const { db } = deps;
  const storeDeps = { db, now: deps.now, smtpConfigured: deps.mail !== undefined };

  app.post<{ Body: CreateChannelRequest }>(
    "/api/v1/notification-channels",
    {
      schema: {
        summary: "Create a notification channel (a webhook's signing secret is shown once)",
        tags: TAGS,
        body: CREATE_CHANNEL_SCHEMA,
      },
    },
    async (request, reply) => {
      const principal = authorize(request, "settings:manage");
      const { channel, secret } = await createChannel(storeDeps, principal, request.body);
      return reply
        .code(201)
        .header("location", `/api/v1/notification-channels/${channel.id}`)
        .send(secret === undefined ? channel : { ...channel, secret });
    },
  );

  app.get<{ Querystring: PageQuery }>(
    "/api/v1/notification-channels",
    { schema: { summary: "List notification channels", tags: TAGS, querystring: PAGE_QUERY } },
    async (request) => {
      authorize(request, "settings:manage");
      return listChannels(db, request.query.limit ?? DEFAULT_PAGE_SIZE, request.query.cursor);
    },
  );

  app.get<{ Params: { id: string } }>(
    "/api/v1/notification-channels/:id",
    { schema: { summary: "A notification channel", tags: TAGS, params: idParams() } },
    async (request) => {
      authorize(request, "settings:manage");
      return getChannel(db, request.params.id);
    },
  );

  app.patch<{ Params: { id: string }; Body: UpdateChannelRequest }>(
    "/api/v1/notification-channels/:id",
    {
      schema: {
        summary: "Change a notification channel, or give a webhook a new secret (shown once)",
        tags: TAGS,
        params: idParams(),
        body: UPDATE_CHANNEL_SCHEMA,
      },
    },
    async (request) => {
      const principal = authorize(request, "settings:manage");
      const { channel, secret } = await updateChannel(storeDeps, principal, request.params.id, request.body);
      return secret === undefined ? channel : { ...channel, secret };
    },
  );

  app.delete<{ Params: { id: string } }>(
    "/api/v1/notification-channels/:id",
    {
      schema: {
        summary: "Delete a notification channel and its delivery log",
        tags: TAGS,
        params: idParams(),
      },
    },
    async (request, reply) => {
      const principal = authorize(request, "settings:manage");
      await deleteChannel(storeDeps, principal, request.params.id);
      return reply.code(204).send();
    },
  );

  app.post<{ Params: { id: string } }>(
    "/api/v1/notification-channels/:id/test",
    {
      schema: {
        summary: "Send a test message through a channel now (one attempt) and say what came of it",
        tags: TAGS,
        params: idParams(),
      },
    },
    async (request) => {
      const principal = authorize(request, "settings:manage");
      const target = await channelTarget(db, request.params.id);
      const result = await deliver(target, testMessage(target.name, principal.actor, deps.now()), {
        // Signatures carry the wall clock: receivers compare it with theirs.
        context: { now: () => new Date(), http: deps.http, ...(deps.mail ? { mail: deps.mail } : {}) },
        clock: deps.now,
        record: deliveryLog(db),
        maxAttempts: 1,
      });
      const { ok, status, error, retryable, durationMs } = result.outcome;
      return {
        deliveryId: result.deliveryId,
        outcome: {
          ok,
          status: status ?? null,
          error: error ?? null,
          retryable,
          durationMs,
        },
      };
    },
  );

  app.get<{ Params: { id: string }; Querystring: PageQuery }>(
    "/api/v1/notification-channels/:id/deliveries",
    {
      schema: {
        summary: "A channel's delivery log: every attempt, newest first",
        tags: TAGS,
        params: idParams(),
        querystring: PAGE_QUERY,
      },
    },
    async (request) => {
      authorize(request, "settings:manage");
      await getChannel(db, request.params.id); // 404 for a channel that does not exist
      return listDeliveries(
        db,
        request.params.id,
        request.query.limit ?? DEFAULT_PAGE_SIZE,
        request.query.cursor,
      );
    },
  );
}
