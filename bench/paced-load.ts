import { Agent, request } from "node:http";
import { performance } from "node:perf_hooks";

export interface PacedLoadOptions {
  url: URL;
  /** Requests per second, evenly spaced. */
  rate: number;
  durationS: number;
  /** Keep-alive connections the requests share (a request waits for a free one). */
  connections: number;
  headers: Record<string, string>;
}

export interface PacedLoadResult {
  p50: number;
  p99: number;
  max: number;
  sent: number;
  ok: number;
  failed: number;
}

/**
 * An open-loop load at a constant arrival rate (as wrk2 and k6's constant-arrival-rate do): request
 * i is due at start + i / rate whatever happened to the ones before, and its latency counts from
 * that due time, so time spent waiting for a connection or behind a slow response is not hidden.
 *
 * autocannon's `overallRate` is a different load: each connection sends its share of a second's
 * requests back to back when the second starts, so the server sees a burst of the whole second's
 * requests at once and then nothing; its p99 measures how fast a burst drains.
 */
export async function pacedLoad(options: PacedLoadOptions): Promise<PacedLoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const interval = 1000 / options.rate;
  const total = Math.round(options.rate * options.durationS);
  const latencies: number[] = [];
  let failed = 0;
  const inFlight: Promise<void>[] = [];
  const start = performance.now();
  try {
    for (let i = 0; i < total; i++) {
      const due = start + i * interval;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      inFlight.push(
        get(options.url, options.headers, agent).then(
          (status) => {
            if (status >= 200 && status < 300) latencies.push(performance.now() - due);
            else failed++;
          },
          () => {
            failed++;
          },
        ),
      );
    }
    await Promise.all(inFlight);
  } finally {
    agent.destroy();
  }
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99), max: at(1), sent: total, ok: latencies.length, failed };
}

/** One GET whose body is read to the end; resolves with the status. */
function get(url: URL, headers: Record<string, string>, agent: Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers, agent }, (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode ?? 0));
      response.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}
