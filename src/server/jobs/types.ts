/**
 * One job model with two backends: the store (`store-queue.ts`, the default: the jobs table of the
 * server's own database, worked by the server process itself or by `lk worker`) and BullMQ on Redis
 * (`bullmq-queue.ts`, when REDIS_URL is set). Both pass the same contract suite
 * (`queue-contract.test.ts`).
 *
 * Delivery is at least once: an attempt can be cut anywhere (a crash, a lost lease) and run again.
 * Handlers are therefore idempotent: effects keyed by the job's id, or upserts.
 */

export type JobStatus = "queued" | "running" | "done" | "failed";

export interface JobState {
  id: string;
  kind: string;
  payload: unknown;
  status: JobStatus;
  /** Attempts started so far (a running job counts its current one). */
  attempts: number;
  maxAttempts: number;
  progress: JobProgress | null;
  result: unknown;
  /** Why the last attempt failed (a failed job: why it gave up). */
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface JobProgress {
  done: number;
  total: number;
  /** What it is doing now, for people watching. */
  step?: string;
}

export interface EnqueueOptions {
  /**
   * The job's id, when the caller has a natural one (a schedule's tick, "sync at this data
   * version"): enqueueing an id that exists already adds nothing and returns the existing job.
   */
  id?: string;
  /** Attempts before the job is failed for good (default 5). */
  maxAttempts?: number;
  /** Not before this many ms from now. */
  delayMs?: number;
}

export interface JobContext {
  id: string;
  payload: unknown;
  /** 1 for the first attempt. */
  attempt: number;
  /** Aborted when the worker stops or loses the job: stop soon, the job runs again elsewhere. */
  signal: AbortSignal;
  progress(progress: JobProgress): Promise<void>;
}

/** Runs one attempt of a job kind; what it returns is the job's result (JSON). */
export type JobHandler = (context: JobContext) => Promise<unknown>;

export interface WorkerOptions {
  /** Jobs this worker runs at once (default 1). */
  concurrency?: number;
}

export interface JobFilter {
  status?: JobStatus;
  kind?: string;
  limit: number;
  /** From a previous page. */
  cursor?: string;
}

export interface JobWorker {
  /** Stops taking jobs and waits for the running ones to finish (their signals are aborted). */
  close(): Promise<void>;
}

export interface Schedule {
  /** Unique; also names the jobs it enqueues. */
  name: string;
  /** Five or six fields (seconds first when six), as croner reads them. */
  cron: string;
  /** An IANA zone: "0 3 * * *" in Europe/Berlin is three in the morning in Berlin, summer or winter. */
  timeZone: string;
  kind: string;
  payload: unknown;
  enabled: boolean;
}

export interface ScheduleState extends Schedule {
  nextRunAt: string | null;
}

export interface JobQueue {
  readonly backend: "store" | "bullmq";
  enqueue(kind: string, payload: unknown, options?: EnqueueOptions): Promise<JobState>;
  get(id: string): Promise<JobState | undefined>;
  list(filter: JobFilter): Promise<{ items: JobState[]; nextCursor: string | null }>;
  /** Works jobs of the kinds in `handlers` until closed. */
  work(handlers: Readonly<Record<string, JobHandler>>, options?: WorkerOptions): JobWorker;
  /**
   * Fires the due schedules of the store (schedule-store.ts) into this queue until closed: every
   * instance may run it, ticks are claimed once.
   */
  runScheduler(): JobWorker;
  close(): Promise<void>;
}
