import { homedir } from "node:os";
import { isAbsolute, join } from "node:path";
import type { AppContext, AppEvent } from "../core/app/context.js";
import { environmentSecrets } from "../core/config/secrets.js";
import { CleanupScope } from "../core/process/cleanup-scope.js";
import type { CliIo } from "./io.js";
import { ProgressLines } from "./output/progress-lines.js";
import { toolVersion } from "./version.js";

/**
 * The application context of one CLI command: the process's working directory and environment,
 * the user's cache (`$XDG_CACHE_HOME/lockkeeper`, else `~/.cache/lockkeeper`), the command's
 * cancellation and clean-up (see `withInterruption`), and events drawn as progress lines on a
 * terminal, warnings printed as `lk: warning:` lines.
 */
export function cliContext(io: CliIo): AppContext {
  const home = homedir();
  const xdg = io.env.XDG_CACHE_HOME;
  const lines = io.progress ?? new ProgressLines(io);
  return {
    cwd: io.cwd,
    env: io.env,
    // The user runs their own project with their own environment: any variable may be named.
    secrets: environmentSecrets(io.env, "any"),
    cacheDir: join(xdg && isAbsolute(xdg) ? xdg : join(home, ".cache"), "lockkeeper"),
    homeDir: home,
    signal: io.signal ?? new AbortController().signal,
    cleanup: io.cleanup ?? new CleanupScope(),
    onEvent: (event: AppEvent) => lines.show(event),
    now: () => new Date(),
    toolVersion: toolVersion(),
  };
}
