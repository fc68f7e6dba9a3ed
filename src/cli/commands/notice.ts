import { writeFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import { filterInventory, type ScopeFilter } from "../../core/inventory/scope-filter.js";
import { collectNotices } from "../../core/licenses/notice.js";
import { resolveLicenses } from "../../core/licenses/resolve-licenses.js";
import { type LicensesSettings, licensesSettingsOf } from "../../core/licenses/settings.js";
import { EXIT } from "../exit-codes.js";
import type { CliIo } from "../io.js";
import { coverageNotice } from "../output/coverage.js";
import { renderNotice } from "../output/notice-text.js";
import { toolVersion } from "../version.js";
import { loadProject } from "./project.js";

export interface NoticeOptions {
  output?: string;
  /** Default prod: a notice accompanies what is shipped, not the development tools. */
  scope?: string;
  config?: string;
}

/**
 * `lk notice`: a third-party notice file with each package's licence text as its installed copy
 * ships it, and the list of packages without one. Offline: texts come only from installed packages.
 */
export async function noticeCommand(
  io: CliIo,
  target: string,
  options: NoticeOptions,
  settings?: LicensesSettings,
): Promise<number> {
  const project = loadProject(io, target, options.config);
  const licenses = settings ?? licensesSettingsOf(project.config);
  const inventory = filterInventory(project.inventory, (options.scope ?? "prod") as ScopeFilter);
  const packages = await resolveLicenses(inventory, {
    projectDir: project.projectDir,
    sitePackages: licenses.sitePackages,
  });
  const data = collectNotices(packages, project.projectDir);
  const text = renderNotice(data, target, toolVersion());
  if (options.output) {
    const file = resolve(io.cwd, options.output);
    writeFileSync(file, text);
    io.stderr(
      `lk: wrote ${relative(io.cwd, file) || file}: ${data.withText.length} package${data.withText.length === 1 ? "" : "s"} with a licence text\n`,
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
