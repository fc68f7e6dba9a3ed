import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { environmentSecrets } from "../../config/secrets.js";
import { CleanupScope } from "../../process/cleanup-scope.js";
import type { AppContext, AppEvent } from "../context.js";

/** An application context for tests: this process's environment, a fresh cache, events recorded. */
export function testContext(
  cwd: string,
  overrides: Partial<AppContext> = {},
): AppContext & { events: AppEvent[]; controller: AbortController } {
  const controller = new AbortController();
  const events: AppEvent[] = [];
  return {
    cwd,
    env: process.env,
    secrets: environmentSecrets(process.env, "any"),
    cacheDir: mkdtempSync(join(tmpdir(), "lk-test-cache-")),
    signal: controller.signal,
    cleanup: new CleanupScope(),
    onEvent: (event) => events.push(event),
    now: () => new Date(),
    toolVersion: "0.0.0-test",
    ...overrides,
    events,
    controller,
  };
}
