import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { documentedNodeVerifier, type SignatureVerifier } from "../test-support/documented-verifiers.js";
import { widespreadFinding } from "../test-support/notification-fixtures.js";
import { startWebhookReceiver, type WebhookReceiver } from "../test-support/webhook-receiver.js";
import { channelHttpClient } from "./channels/post-json.js";
import type { ChannelTarget } from "./channels/types.js";
import { newWebhookSecret } from "./channels/webhook-signature.js";
import { type DeliverOptions, type DeliveryRecord, deliver } from "./deliver.js";

let verify: SignatureVerifier;
beforeAll(async () => {
  verify = await documentedNodeVerifier();
});

const receivers: WebhookReceiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
});

/** A signed webhook channel and its receiver, and deliver's options with the waits noted, not slept. */
async function setUp(options: Partial<DeliverOptions> = {}) {
  const secret = newWebhookSecret();
  const receiver = await startWebhookReceiver({ verify: (header, raw) => verify(secret, header, raw) });
  receivers.push(receiver);
  const target: ChannelTarget = {
    id: "channel-1",
    name: "hook",
    kind: "webhook",
    config: { url: receiver.url },
    secret,
  };
  const records: DeliveryRecord[] = [];
  const waits: number[] = [];
  const deliverOptions: DeliverOptions = {
    context: { now: () => new Date(), http: channelHttpClient(2_000) },
    record: async (record) => {
      records.push(record);
    },
    baseDelayMs: 1_000,
    random: () => 0.5,
    sleep: async (ms) => {
      waits.push(ms);
    },
    ...options,
  };
  return { receiver, target, records, waits, options: deliverOptions };
}

const summary = (records: DeliveryRecord[]) =>
  records.map((record) => [record.attempt, record.status, record.responseCode, record.error]);

describe("deliver", () => {
  it("retries a 500, a 429 with Retry-After and a reset connection with backoff, then delivers, logging every attempt", async () => {
    const { receiver, target, records, waits, options } = await setUp();
    receiver.failNext(1, { status: 500 });
    receiver.failNext(1, { status: 429, retryAfter: "3" });
    receiver.failNext(1, "reset");
    const message = widespreadFinding(2);

    const result = await deliver(target, message, options);

    expect(result).toMatchObject({ delivered: true, attempts: 4, outcome: { ok: true, status: 200 } });
    expect(summary(records)).toEqual([
      [1, "retrying", 500, "HTTP 500: failing on purpose"],
      [2, "retrying", 429, "HTTP 429: failing on purpose"],
      [3, "retrying", null, expect.stringMatching(/socket|closed|reset/i)],
      [4, "delivered", 200, null],
    ]);
    // Backoff: between half and all of 1 s × 2^(n−1) (random 0.5: three quarters); Retry-After as asked.
    expect(waits).toEqual([750, 3_000, 3_000]);
    // One delivery: every attempt has its id, each freshly signed and verified by the receiver.
    expect(new Set(records.map((record) => record.deliveryId))).toEqual(new Set([result.deliveryId]));
    expect(receiver.received.map((request) => request.headers["lockkeeper-delivery"])).toEqual(
      Array(4).fill(result.deliveryId),
    );
    expect(receiver.received.every((request) => request.verified)).toBe(true);
    expect(
      records.every((record) => record.messageKey === message.key && record.eventKind === "finding.new"),
    ).toBe(true);
    expect(receiver.accepted()).toHaveLength(1);
  });

  it("stops at once on a 4xx other than 408 and 429", async () => {
    const { receiver, target, records, waits, options } = await setUp();
    receiver.failNext(1, { status: 404 });
    const result = await deliver(target, widespreadFinding(1), options);
    expect(result).toMatchObject({
      delivered: false,
      attempts: 1,
      outcome: { status: 404, retryable: false },
    });
    expect(summary(records)).toEqual([[1, "failed", 404, "HTTP 404: failing on purpose"]]);
    expect(waits).toEqual([]);
    expect(receiver.received).toHaveLength(1);
  });

  it("gives up after the last attempt, waiting between half and all of each backoff step, capped", async () => {
    const { receiver, target, records, waits, options } = await setUp({
      maxAttempts: 5,
      maxDelayMs: 5_000,
      random: (() => {
        const draws = [0, 0.999, 0, 0.999];
        return () => draws.shift() ?? 0;
      })(),
    });
    receiver.failNext(10, { status: 503 });
    const result = await deliver(target, widespreadFinding(1), options);
    expect(result).toMatchObject({ delivered: false, attempts: 5 });
    expect(records.map((record) => record.status)).toEqual([
      "retrying",
      "retrying",
      "retrying",
      "retrying",
      "failed",
    ]);
    // Steps 1, 2, 4, 8 s, capped at 5 s: half of 1 s, nearly 2 s, half of 4 s, nearly all of 5 s.
    expect(waits).toEqual([500, 1_999, 2_000, 4_998]);
  });

  it("treats a 408 and a receiver that does not answer in time as passing failures", async () => {
    const { receiver, target, records, options } = await setUp({
      context: { now: () => new Date(), http: channelHttpClient(200) },
    });
    receiver.failNext(1, { status: 408 });
    receiver.failNext(1, "hang");
    const result = await deliver(target, widespreadFinding(1), options);
    expect(result.delivered).toBe(true);
    expect(summary(records)).toEqual([
      [1, "retrying", 408, "HTTP 408: failing on purpose"],
      [2, "retrying", null, "no data for 200 ms"],
      [3, "delivered", 200, null],
    ]);
  });

  it("ends the delivery when asked to wait longer than it would", async () => {
    const { receiver, target, records, waits, options } = await setUp();
    receiver.failNext(1, { status: 429, retryAfter: "3600" });
    const result = await deliver(target, widespreadFinding(1), options);
    expect(result.delivered).toBe(false);
    expect(summary(records)).toEqual([
      [1, "failed", 429, "HTTP 429: failing on purpose (asked to wait 3600 s)"],
    ]);
    expect(waits).toEqual([]);
  });

  it("is cancelled at once by its signal, while waiting to retry or while an attempt is in flight", async () => {
    // The real sleep, with a long backoff the signal cuts short.
    const waiting = await setUp({ baseDelayMs: 30_000 });
    delete (waiting.options as Partial<DeliverOptions>).sleep;
    waiting.receiver.failNext(1, { status: 503 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    await expect(
      deliver(waiting.target, widespreadFinding(1), { ...waiting.options, signal: controller.signal }),
    ).rejects.toMatchObject({ code: "CANCELLED" });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(waiting.receiver.received).toHaveLength(1);
    expect(summary(waiting.records)).toEqual([[1, "retrying", 503, "HTTP 503: failing on purpose"]]);

    const inFlight = await setUp();
    inFlight.receiver.failNext(1, "hang");
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 100);
    await expect(
      deliver(inFlight.target, widespreadFinding(1), { ...inFlight.options, signal: abort.signal }),
    ).rejects.toMatchObject({ code: "CANCELLED" });
    expect(summary(inFlight.records)).toEqual([[1, "failed", null, "cancelled"]]);
  });
});
