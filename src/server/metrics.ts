import type { FastifyInstance } from "fastify";
import type { AdvisoryFreshness } from "./advisories/freshness.js";

/** Upper bounds of the request-duration buckets, in seconds (Prometheus's defaults, trimmed). */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface Histogram {
  counts: number[];
  sum: number;
  count: number;
}

/**
 * Request counts and durations per route template (`/api/v1/projects/:project`, never the raw URL,
 * so a scan of random paths cannot grow the label set without bound), and the process's memory, in
 * the Prometheus text format at `/metrics`. Counters live in this instance: Prometheus scrapes each
 * instance and sums.
 */
export function registerMetrics(
  app: FastifyInstance,
  gauges: { advisoryFreshness(): AdvisoryFreshness },
): void {
  const requests = new Map<string, number>();
  const durations = new Map<string, Histogram>();

  app.addHook("onResponse", async (request, reply) => {
    const route = request.routeOptions.url ?? "unmatched";
    const method = request.method;
    const countKey = `method="${method}",route="${escapeLabel(route)}",status="${reply.statusCode}"`;
    requests.set(countKey, (requests.get(countKey) ?? 0) + 1);
    const durationKey = `method="${method}",route="${escapeLabel(route)}"`;
    const histogram = durations.get(durationKey) ?? { counts: BUCKETS.map(() => 0), sum: 0, count: 0 };
    durations.set(durationKey, histogram);
    const seconds = reply.elapsedTime / 1000;
    // Cumulative buckets: a request counts in every bucket whose bound it is under.
    BUCKETS.forEach((bound, index) => {
      if (seconds <= bound) histogram.counts[index] = (histogram.counts[index] ?? 0) + 1;
    });
    histogram.sum += seconds;
    histogram.count += 1;
  });

  app.get("/metrics", async (_request, reply) => {
    const lines: string[] = [
      "# HELP lockkeeper_http_requests_total HTTP requests answered, by route template and status.",
      "# TYPE lockkeeper_http_requests_total counter",
      ...[...requests].map(([labels, value]) => `lockkeeper_http_requests_total{${labels}} ${value}`),
      "# HELP lockkeeper_http_request_duration_seconds Time to answer a request, by route template.",
      "# TYPE lockkeeper_http_request_duration_seconds histogram",
    ];
    for (const [labels, histogram] of durations) {
      BUCKETS.forEach((bound, index) => {
        lines.push(
          `lockkeeper_http_request_duration_seconds_bucket{${labels},le="${bound}"} ${histogram.counts[index]}`,
        );
      });
      lines.push(`lockkeeper_http_request_duration_seconds_bucket{${labels},le="+Inf"} ${histogram.count}`);
      lines.push(`lockkeeper_http_request_duration_seconds_sum{${labels}} ${histogram.sum}`);
      lines.push(`lockkeeper_http_request_duration_seconds_count{${labels}} ${histogram.count}`);
    }
    const memory = process.memoryUsage();
    const advisories = gauges.advisoryFreshness();
    lines.push(
      "# HELP lockkeeper_advisory_data_age_seconds Age of the advisory data verdicts are made with.",
      "# TYPE lockkeeper_advisory_data_age_seconds gauge",
      `lockkeeper_advisory_data_age_seconds ${Math.round(advisories.ageHours * 3600)}`,
      "# HELP lockkeeper_advisory_data_stale 1 when the advisory data is older than LK_ADVISORY_STALE_AFTER_HOURS.",
      "# TYPE lockkeeper_advisory_data_stale gauge",
      `lockkeeper_advisory_data_stale ${advisories.stale ? 1 : 0}`,
      "# HELP process_resident_memory_bytes Resident memory size in bytes.",
      "# TYPE process_resident_memory_bytes gauge",
      `process_resident_memory_bytes ${memory.rss}`,
      "# HELP nodejs_heap_used_bytes V8 heap in use, in bytes.",
      "# TYPE nodejs_heap_used_bytes gauge",
      `nodejs_heap_used_bytes ${memory.heapUsed}`,
      "# HELP process_uptime_seconds Seconds since the process started.",
      "# TYPE process_uptime_seconds gauge",
      `process_uptime_seconds ${process.uptime()}`,
    );
    return reply.type("text/plain; version=0.0.4; charset=utf-8").send(`${lines.join("\n")}\n`);
  });
}

/** A label value as the text format wants it: backslash, quote and newline escaped. */
function escapeLabel(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}
