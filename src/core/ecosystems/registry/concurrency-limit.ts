/** Runs a task when fewer than the limit are running; tasks queue in call order. */
export type Limiter = <T>(task: () => Promise<T>) => Promise<T>;

/**
 * A limit on concurrent tasks, shared by every lookup of a registry client so callers can start
 * all lookups at once without opening hundreds of connections.
 */
export function createLimiter(limit: number): Limiter {
  const max = Math.max(1, Math.floor(limit));
  let running = 0;
  const waiting: (() => void)[] = [];
  // A finishing task hands its slot straight to the next waiter, so a task started in between
  // cannot slip past the limit.
  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    else running++;
    try {
      return await task();
    } finally {
      release();
    }
  };
}
