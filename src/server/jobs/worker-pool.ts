import type { JobContext, JobHandler, JobProgress, JobWorker } from "./types.js";

export interface LoopTiming {
  /** How often an idle worker or the scheduler looks for work (default 1 s). */
  pollMs?: number;
}

export interface WorkerPool extends JobWorker {
  /** Look for work now (a job was just enqueued here). */
  wake(): void;
}

/**
 * Up to `concurrency` items at once: claims one whenever a slot is free, sleeps `pollMs` when there
 * is none (or `wake` ends the sleep). Closing stops claiming, aborts the running items' signal and
 * waits for them.
 */
export function workerPool<T>(options: {
  concurrency: number;
  pollMs?: number | undefined;
  onError(error: unknown): void;
  claim(): Promise<T | undefined>;
  run(item: T, signal: AbortSignal): Promise<void>;
}): WorkerPool {
  const pollMs = options.pollMs ?? 1_000;
  const stopping = new AbortController();
  const running = new Set<Promise<void>>();
  const nap = napper();
  const loop = (async () => {
    while (!stopping.signal.aborted) {
      if (running.size >= options.concurrency) {
        await Promise.race(running);
        continue;
      }
      let item: T | undefined;
      try {
        item = await options.claim();
      } catch (error: unknown) {
        options.onError(error);
        await nap.sleep(pollMs);
        continue;
      }
      if (item === undefined) {
        await nap.sleep(pollMs);
        continue;
      }
      const task: Promise<void> = options
        .run(item, stopping.signal)
        .catch(options.onError)
        .finally(() => running.delete(task));
      running.add(task);
    }
  })();
  return {
    wake: () => nap.wake(),
    async close() {
      stopping.abort();
      nap.wake();
      await loop;
      await Promise.all(running);
    },
  };
}

/** Runs `tick` every `pollMs` until closed (the scheduler). */
export function pollingLoop(
  tick: () => Promise<void>,
  options: LoopTiming & { onError(error: unknown): void },
): JobWorker {
  const pollMs = options.pollMs ?? 1_000;
  let closed = false;
  const nap = napper();
  const loop = (async () => {
    while (!closed) {
      await tick().catch(options.onError);
      if (!closed) await nap.sleep(pollMs);
    }
  })();
  return {
    async close() {
      closed = true;
      nap.wake();
      await loop;
    },
  };
}

/** A sleep that `wake` cuts short. */
function napper() {
  let wakeUp: (() => void) | undefined;
  return {
    sleep: (ms: number) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(done, ms);
        function done() {
          clearTimeout(timer);
          wakeUp = undefined;
          resolve();
        }
        wakeUp = done;
      }),
    wake: () => wakeUp?.(),
  };
}

export type AttemptOutcome =
  | { kind: "done"; result: unknown }
  | { kind: "failed"; error: string }
  /** The worker stopped it (closing): it should run again, without counting the attempt. */
  | { kind: "released" }
  /** Another worker owns the job now (this one's lease lapsed). */
  | { kind: "lost" };

/**
 * One attempt of a job: the handler with a signal aborted when the worker closes or the lease
 * cannot be renewed, and the lease renewed every `renewEveryMs` while it runs.
 */
export async function runAttempt(options: {
  handler: JobHandler;
  context: Pick<JobContext, "id" | "payload" | "attempt">;
  signal: AbortSignal;
  renewEveryMs: number;
  renew(): Promise<boolean>;
  progress(progress: JobProgress): Promise<void>;
}): Promise<AttemptOutcome> {
  const attempt = new AbortController();
  let lost = false;
  const onStop = () => attempt.abort(new Error("the worker is stopping"));
  if (options.signal.aborted) onStop();
  options.signal.addEventListener("abort", onStop, { once: true });
  const renewal = setInterval(() => {
    options.renew().then(
      (held) => {
        if (held) return;
        lost = true;
        attempt.abort(new Error("another worker took the job over"));
      },
      // A failed renewal (the database briefly away) is tried again at the next interval.
      () => {},
    );
  }, options.renewEveryMs);
  try {
    const result = await options.handler({
      ...options.context,
      signal: attempt.signal,
      progress: options.progress,
    });
    return lost ? { kind: "lost" } : { kind: "done", result };
  } catch (error: unknown) {
    if (lost) return { kind: "lost" };
    if (options.signal.aborted) return { kind: "released" };
    return { kind: "failed", error: errorText(error) };
  } finally {
    clearInterval(renewal);
    options.signal.removeEventListener("abort", onStop);
  }
}

export function errorText(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 2_000);
}
