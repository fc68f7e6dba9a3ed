import { updateProject } from "../../core/app/update.js";
import { cliContext } from "../context.js";
import { EXIT } from "../exit-codes.js";
import type { CliIo } from "../io.js";
import { renderUpdateResults } from "../output/update-results.js";

export interface UpdateOptions {
  package?: string[];
  group?: string;
  test?: string;
  push?: string;
  openPr?: boolean;
  base?: string;
  recreate?: boolean;
  out?: string;
  format: string;
  config?: string;
}

/**
 * `lk update`: one branch per proposed update (or group), made in a temporary worktree with the
 * project's own tool, committed, tested, described; pushed and opened as a pull request on request.
 * Exit 1 when an update failed its tests or could not be made.
 */
export async function updateCommand(io: CliIo, dir: string, options: UpdateOptions): Promise<number> {
  const context = cliContext(io);
  const report = await updateProject(context, {
    dir,
    ...(options.package ? { packages: options.package } : {}),
    ...(options.group !== undefined ? { group: options.group } : {}),
    ...(options.test !== undefined ? { test: options.test } : {}),
    ...(options.push ? { push: options.push } : {}),
    ...(options.openPr ? { openPullRequests: true } : {}),
    ...(options.base !== undefined ? { base: options.base } : {}),
    ...(options.recreate ? { recreate: true } : {}),
    ...(options.out ? { descriptionsDir: options.out } : {}),
    ...(options.config ? { configFile: options.config } : {}),
  });
  io.stdout(
    renderUpdateResults(report, options.format, { ownMs: report.ownMs, toolVersion: context.toolVersion }),
  );
  const failed = report.results.filter((r) => r.status === "tests-failed" || r.status === "failed");
  return failed.length > 0 ? EXIT.FINDINGS : EXIT.OK;
}
