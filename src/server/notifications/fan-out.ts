import type { ChannelTarget } from "./channels/types.js";
import { type DeliverOptions, type DeliveryResult, deliver } from "./deliver.js";
import type { NotificationMessage } from "./messages.js";

export interface FanOutResult {
  message: NotificationMessage;
  channel: ChannelTarget;
  result: DeliveryResult;
}

/**
 * Delivers every message to every channel, at most `concurrency` deliveries at once: enough to
 * overlap the receivers' latency, few enough not to flood one receiver (Slack and Teams
 * rate-limit per webhook) or open hundreds of SMTP connections. A delivery waiting to retry holds
 * its slot. Results come in the order of messages × channels.
 */
export async function fanOut(
  messages: readonly NotificationMessage[],
  channels: readonly ChannelTarget[],
  options: Omit<DeliverOptions, "deliveryId"> & { concurrency: number },
): Promise<FanOutResult[]> {
  const jobs = messages.flatMap((message) => channels.map((channel) => ({ message, channel })));
  const results: FanOutResult[] = new Array(jobs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let index = next++; index < jobs.length; index = next++) {
      const { message, channel } = jobs[index] as (typeof jobs)[number];
      results[index] = { message, channel, result: await deliver(channel, message, options) };
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, jobs.length)) }, worker));
  return results;
}
