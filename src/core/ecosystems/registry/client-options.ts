import { join, resolve } from "node:path";
import type { RegistryClientInput } from "../types.js";

/** What every registry client takes from the project's `registries` settings and the run's context. */
export interface SharedClientOptions {
  cacheDir: string;
  maxAgeMs: number;
  concurrency: number;
  http?: NonNullable<RegistryClientInput["context"]["http"]>;
  signal?: AbortSignal;
}

/**
 * Cache folder, lifetime, concurrency, HTTP client and cancellation for one ecosystem's client:
 * answers are cached under `registries.cacheDir/<folder>` (relative to the project) when it is set,
 * else under the user cache in `<userCacheName>`.
 */
export function sharedClientOptions(
  { projectDir, settings, context }: RegistryClientInput,
  folder: string,
  userCacheName: string,
): SharedClientOptions {
  return {
    cacheDir: settings.cacheDir
      ? resolve(projectDir, settings.cacheDir, folder)
      : join(context.userCacheDir, userCacheName),
    maxAgeMs: settings.cacheMinutes * 60_000,
    concurrency: settings.concurrency,
    ...(context.http ? { http: context.http } : {}),
    ...(context.signal ? { signal: context.signal } : {}),
  };
}

/** `{ token }` from the environment variable the settings name (read through the operator's Secrets). */
export function configuredToken(
  { context }: RegistryClientInput,
  variable: string | undefined,
  purpose: string,
): { token?: string } {
  const value = variable ? context.secrets.read(variable, purpose) : undefined;
  return value ? { token: value } : {};
}
