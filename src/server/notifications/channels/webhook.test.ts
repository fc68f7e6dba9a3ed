import { spawnSync } from "node:child_process";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  documentedNodeVerifier,
  documentedSnippet,
  type SignatureVerifier,
} from "../../test-support/documented-verifiers.js";
import { widespreadFinding } from "../../test-support/notification-fixtures.js";
import { startWebhookReceiver, type WebhookReceiver } from "../../test-support/webhook-receiver.js";
import { channelHttpClient } from "./post-json.js";
import type { ChannelTarget, SendContext } from "./types.js";
import { sendWebhook, type WebhookBody } from "./webhook.js";
import { newWebhookSecret, signatureHeader } from "./webhook-signature.js";

let verify: SignatureVerifier;
beforeAll(async () => {
  verify = await documentedNodeVerifier();
});

const receivers: WebhookReceiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
});

async function signedReceiver(secret: string): Promise<WebhookReceiver> {
  const receiver = await startWebhookReceiver({ verify: (header, raw) => verify(secret, header, raw) });
  receivers.push(receiver);
  return receiver;
}

function context(now = () => new Date()): SendContext {
  return { deliveryId: "0193f0c2-0000-7000-8000-00000000beef", now, http: channelHttpClient(5_000) };
}

describe("webhook channel", () => {
  it("signs each delivery so that the documented Node check accepts it, and that check refuses a tampered body", async () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^lkwhsec_[A-Za-z0-9_-]{43}$/);
    const receiver = await signedReceiver(secret);
    const target: ChannelTarget = {
      id: "c1",
      name: "hook",
      kind: "webhook",
      config: { url: receiver.url },
      secret,
    };
    const message = widespreadFinding(3);

    const outcome = await sendWebhook(target, message, context());
    expect(outcome).toMatchObject({ ok: true, status: 200, retryable: false });
    const [request] = receiver.received;
    expect(request?.verified).toBe(true);
    expect(request?.headers).toMatchObject({
      "content-type": "application/json",
      "lockkeeper-event": "finding.new",
      "lockkeeper-delivery": "0193f0c2-0000-7000-8000-00000000beef",
      "lockkeeper-signature": expect.stringMatching(/^t=\d{10},v1=[0-9a-f]{64}$/),
    });
    const body = JSON.parse(request?.body ?? "") as WebhookBody;
    expect(body).toMatchObject({
      id: "0193f0c2-0000-7000-8000-00000000beef",
      event: "finding.new",
      messageKey: message.key,
      message: {
        vulnerability: { id: "CVE-2020-8203" },
        projects: ["service-001", "service-002", "service-003"],
      },
    });

    // The same signature over another body, as someone altering a captured delivery would send it.
    const tampered = request?.body.replace("service-001", "service-666") ?? "";
    const replay = await fetch(receiver.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "lockkeeper-signature": String(request?.headers["lockkeeper-signature"]),
      },
      body: tampered,
    });
    expect(replay.status).toBe(401);
    expect(receiver.received[1]?.verified).toBe(false);
    // Another secret does not verify either.
    expect(
      verify(newWebhookSecret(), String(request?.headers["lockkeeper-signature"]), request?.body ?? ""),
    ).toBe(false);
  });

  it("is refused when its timestamp is older than the receivers' 5 minutes", async () => {
    const secret = newWebhookSecret();
    const receiver = await signedReceiver(secret);
    const target: ChannelTarget = {
      id: "c1",
      name: "hook",
      kind: "webhook",
      config: { url: receiver.url },
      secret,
    };
    const sixMinutesAgo = () => new Date(Date.now() - 6 * 60_000);
    const outcome = await sendWebhook(target, widespreadFinding(1), context(sixMinutesAgo));
    // 401 is the receiver's verdict, and not one another attempt would change.
    expect(outcome).toMatchObject({
      ok: false,
      status: 401,
      retryable: false,
      error: "HTTP 401: bad signature",
    });
  });

  it("is verified the same way by the documented Python check", () => {
    const secret = newWebhookSecret();
    const body = JSON.stringify({ id: "x", event: "test", text: "Grüße, ✓" });
    const now = new Date();
    const cases = [
      { header: signatureHeader(secret, body, now), body },
      { header: signatureHeader(secret, body, now), body: body.replace("x", "y") },
      { header: signatureHeader(secret, body, new Date(now.getTime() - 10 * 60_000)), body },
      { header: `${signatureHeader(secret, body, now).split(",")[0]},v1=${"é".repeat(64)}`, body },
      { header: "", body },
    ];
    const driver = `
import base64, json, sys
${documentedSnippet("verify-python")}
cases = json.load(sys.stdin)
print(json.dumps([verify_lockkeeper_signature(c["secret"], c["header"], base64.b64decode(c["body"])) for c in cases]))
`;
    const result = spawnSync("python3", ["-c", driver], {
      input: JSON.stringify(
        cases.map((c) => ({ secret, header: c.header, body: Buffer.from(c.body).toString("base64") })),
      ),
      encoding: "utf8",
    });
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toEqual([true, false, false, false, false]);
    // And the Node check agrees on every case.
    expect(cases.map((c) => verify(secret, c.header, Buffer.from(c.body)))).toEqual([
      true,
      false,
      false,
      false,
      false,
    ]);
  });
});
