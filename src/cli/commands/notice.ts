import { relative } from "node:path";
import { noticeReport } from "../../core/app/licenses.js";
import type { ScopeFilter } from "../../core/inventory/scope-filter.js";
import type { LicensesSettings } from "../../core/licenses/settings.js";
import { cliContext } from "../context.js";
import { EXIT } from "../exit-codes.js";
import type { CliIo } from "../io.js";
import { coverageNotice } from "../output/coverage.js";
import { renderNotice } from "../output/notice-text.js";
import { plural } from "../output/plural.js";
import { writeOutputFile } from "../output/write-output.js";

export interface NoticeOptions {
  output?: string;
  /** Default prod: a notice accompanies what is shipped, not the development tools. */
  scope?: string;
  config?: string;
}

/**
 * `lk notice`: a third-party notice file with each package's licence text as its installed copy
 * ships it, and the list of packages without one. Offline: texts come only from installed packages.
 * Exit 2 when there are packages but not one licence text was found (nothing installed).
 */
export async function noticeCommand(
  io: CliIo,
  target: string,
  options: NoticeOptions,
  settings?: LicensesSettings,
): Promise<number> {
  const context = cliContext(io);
  const { notices: data, inventory } = await noticeReport(context, {
    target,
    ...(options.scope ? { scope: options.scope as ScopeFilter } : {}),
    ...(options.config ? { configFile: options.config } : {}),
    ...(settings ? { settings } : {}),
  });
  const text = renderNotice(data, target, context.toolVersion);
  const packages = data.withText.length + data.withoutText.length;
  if (packages > 0 && data.withText.length === 0) {
    // A notice without a single licence text is no notice: say so and fail rather than write one.
    if (!options.output) io.stdout(text);
    io.stderr(
      `lk: error: no licence text found for any of the ${plural(packages, "package")}${options.output ? `; ${options.output} not written` : ""}: texts come from installed packages, so install the project first (npm ci, pip install …)\n`,
    );
    io.stderr(coverageNotice(inventory.snapshots));
    return EXIT.INPUT;
  }
  if (options.output) {
    const file = await writeOutputFile(io.cwd, options.output, text);
    io.stderr(
      `lk: wrote ${relative(io.cwd, file) || file}: ${plural(data.withText.length, "package")} with a licence text\n`,
    );
  } else {
    io.stdout(text);
  }
  if (data.withoutText.length > 0)
    io.stderr(
      `lk: warning: ${data.withoutText.length} package${data.withoutText.length === 1 ? " has" : "s have"} no licence text (listed at the end of the notice)\n`,
    );
  io.stderr(coverageNotice(inventory.snapshots));
  return EXIT.OK;
}
