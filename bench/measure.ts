import { performance } from "node:perf_hooks";

export interface Timing {
  medianMs: number;
  minMs: number;
  runs: number;
}

/** Median and minimum wall time of `fn` after warm-up runs (JIT, file cache). */
export function measure(fn: () => unknown, runs = 31, warmup = 15): Timing {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { medianMs: times[Math.floor(times.length / 2)] ?? 0, minMs: times[0] ?? 0, runs };
}

/** `measure` for asynchronous work: each run is awaited before the next starts. */
export async function measureAsync(fn: () => Promise<unknown>, runs = 31, warmup = 15): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { medianMs: times[Math.floor(times.length / 2)] ?? 0, minMs: times[0] ?? 0, runs };
}

export interface BenchRow {
  name: string;
  ms: number;
  /** What the figure is compared with, measured in the same run. */
  baseline?: { name: string; ms: number };
  /** The target, as text ("< 3× JSON.parse", "< 150 ms"), and whether it was met. */
  target?: { text: string; met: boolean };
  note?: string;
}

export function printRows(title: string, rows: readonly BenchRow[]): void {
  console.log(`\n## ${title}\n`);
  for (const row of rows) {
    const parts = [`${row.name.padEnd(52)} ${row.ms.toFixed(1).padStart(8)} ms`];
    if (row.baseline) {
      parts.push(
        `${row.baseline.name} ${row.baseline.ms.toFixed(1)} ms, ratio ${(row.ms / row.baseline.ms).toFixed(2)}×`,
      );
    }
    if (row.target) parts.push(`target ${row.target.text}: ${row.target.met ? "met" : "MISSED"}`);
    if (row.note) parts.push(row.note);
    console.log(parts.join("  |  "));
  }
}
