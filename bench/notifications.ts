import { performance } from "node:perf_hooks";
import { smtpMailSender } from "../src/server/notifications/channels/mail-sender.js";
import { channelHttpClient } from "../src/server/notifications/channels/post-json.js";
import type { ChannelTarget } from "../src/server/notifications/channels/types.js";
import { newWebhookSecret } from "../src/server/notifications/channels/webhook-signature.js";
import type { DeliveryRecord } from "../src/server/notifications/deliver.js";
import type { FindingNewEvent, Severity } from "../src/server/notifications/events.js";
import { fanOut } from "../src/server/notifications/fan-out.js";
import { groupEvents } from "../src/server/notifications/grouping.js";
import type { NotificationMessage } from "../src/server/notifications/messages.js";
import { documentedNodeVerifier } from "../src/server/test-support/documented-verifiers.js";
import { startSmtpCatcher } from "../src/server/test-support/smtp-catcher.js";
import { startWebhookReceiver } from "../src/server/test-support/webhook-receiver.js";
import { type BenchRow, printRows } from "./measure.js";

const EVENTS = 1000;
const CONCURRENCY = 8;
const PROJECTS = 200;
const VULNERABILITIES = 60;
const TEAMS = ["payments", "search", "platform", "mobile"];
const SEVERITIES: Severity[] = ["critical", "high", "medium", "low"];

/**
 * 1,000 new-finding events as a day of advisory updates might bring: 60 vulnerabilities (GHSA ids
 * with CVE aliases) over 200 projects, 160 of them in four teams and 40 without one.
 */
function events(): FindingNewEvent[] {
  return Array.from({ length: EVENTS }, (_, i) => {
    const vulnerability = (i * 7) % VULNERABILITIES;
    const project = (i * 13) % PROJECTS;
    return {
      kind: "finding.new",
      project: `service-${String(project).padStart(3, "0")}`,
      team: project < 160 ? (TEAMS[project % TEAMS.length] as string) : null,
      branch: "main",
      vulnerability: {
        id: `GHSA-bench-${String(vulnerability).padStart(4, "0")}`,
        aliases: [`CVE-2026-${10_000 + vulnerability}`],
        summary: `Benchmark advisory ${vulnerability}: input reaches a sink it should not`,
      },
      severity: SEVERITIES[vulnerability % SEVERITIES.length] as Severity,
      package: { ecosystem: "npm", name: `package-${vulnerability}`, version: `1.${i % 10}.0` },
      fixVersion: `1.${(i % 10) + 1}.0`,
      snapshotId: `snapshot-${project}`,
    };
  });
}

/**
 * Notification fan-out (issue 14's figure): 1,000 events grouped into messages and delivered to
 * three channels — a signed webhook (the receiver checks every signature with the documented Node
 * function), a Slack-compatible webhook and e-mail to a real SMTP server (smtp-server), all on
 * 127.0.0.1 — at most 8 deliveries at once, next to sending every event as a message of its own.
 * The delivery log is kept in memory: the database's share is not in these figures.
 */
export async function benchNotifications(): Promise<void> {
  const secret = newWebhookSecret();
  const verify = await documentedNodeVerifier();
  const webhook = await startWebhookReceiver({ verify: (header, raw) => verify(secret, header, raw) });
  const slack = await startWebhookReceiver();
  const smtp = await startSmtpCatcher();
  const mail = smtpMailSender(
    { host: smtp.host, port: smtp.port, secure: false, from: "lockkeeper@example.test" },
    { timeoutMs: 10_000 },
  );
  const channels: ChannelTarget[] = [
    { id: "webhook", name: "webhook", kind: "webhook", config: { url: webhook.url }, secret },
    { id: "slack", name: "slack", kind: "slack", config: { url: slack.url } },
    { id: "email", name: "email", kind: "email", config: { recipients: ["security@example.test"] } },
  ];
  const http = channelHttpClient(10_000);
  const deliverAll = async (messages: readonly NotificationMessage[], targets = channels) => {
    const records: DeliveryRecord[] = [];
    const start = performance.now();
    const results = await fanOut(messages, targets, {
      concurrency: CONCURRENCY,
      context: { now: () => new Date(), http, mail },
      record: async (record) => {
        records.push(record);
      },
    });
    const ms = performance.now() - start;
    const failed = results.filter(({ result }) => !result.delivered).length;
    if (failed > 0) throw new Error(`${failed} deliveries failed`);
    return { ms, deliveries: results.length, attempts: records.length };
  };

  try {
    const batch = events();
    const groupStart = performance.now();
    const messages = groupEvents(batch);
    const groupMs = performance.now() - groupStart;
    // One message each, as without grouping: the baseline.
    const ungrouped = batch.flatMap((event) => groupEvents([event]));

    await deliverAll(messages.slice(0, 20)); // warm-up: connections, JIT
    const received = () => webhook.accepted().length + slack.accepted().length + smtp.mails.length;
    const before = received();
    const grouped = await deliverAll(messages);
    const arrived = received() - before;
    const perChannel = [];
    for (const channel of channels) perChannel.push({ channel, ...(await deliverAll(messages, [channel])) });
    const baseline = await deliverAll(ungrouped);
    const badSignatures = webhook.received.filter((request) => request.verified === false).length;

    const rate = (run: { ms: number; deliveries: number }) =>
      `${Math.round((run.deliveries / run.ms) * 1000)} deliveries/s`;
    const rows: BenchRow[] = [
      { name: `group ${EVENTS} events into messages`, ms: groupMs, note: `${messages.length} messages` },
      {
        name: `deliver ${messages.length} messages × 3 channels (≤ ${CONCURRENCY} at once)`,
        ms: grouped.ms,
        baseline: { name: `${EVENTS} ungrouped events × 3`, ms: baseline.ms },
        note: `${grouped.deliveries} deliveries, ${arrived} received, ${badSignatures} bad signatures; ${rate(grouped)}`,
      },
      ...perChannel.map((run) => ({
        name: `  ${run.channel.kind} only (${messages.length} messages)`,
        ms: run.ms,
        note: rate(run),
      })),
    ];
    printRows(`Notifications: ${EVENTS} events to 3 channels through local receivers`, rows);
  } finally {
    mail.close();
    await Promise.all([webhook.close(), slack.close(), smtp.close()]);
  }
}
