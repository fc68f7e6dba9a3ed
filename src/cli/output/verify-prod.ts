import { adapterFor } from "../../core/ecosystems/index.js";
import type { InstallOutcome, VerifyProdResult } from "../../core/verify-prod/types.js";
import { plural } from "./plural.js";
import { renderTable } from "./table.js";

export function renderVerifyProdTable(result: VerifyProdResult): string {
  const installs = [result.prod, ...(result.full ? [result.full] : [])];
  const lines = [
    headline(result),
    "",
    renderTable(
      [
        {
          header: "INSTALL",
          value: (i: InstallOutcome) => (i.mode === "prod" ? "production" : "full (with dev)"),
        },
        { header: "RESULT", value: (i) => (i.ok ? "ok" : `failed (exit ${i.exitCode ?? "?"})`) },
        { header: "PACKAGES", value: (i) => (i.ok ? String(i.packages) : "-"), align: "right" },
        { header: "SIZE", value: (i) => (i.ok ? formatBytes(i.bytes) : "-"), align: "right" },
        { header: "TIME", value: (i) => `${(i.durationMs / 1000).toFixed(1)} s`, align: "right" },
        { header: "COMMAND", value: (i) => i.commands.join(" && ") },
      ],
      installs,
    ).trimEnd(),
  ];
  if (result.full?.ok && result.prod.ok && result.full.bytes > 0) {
    const saved = result.full.packages - result.prod.packages;
    lines.push(
      `Production leaves out ${saved} of ${plural(result.full.packages, "package")} (${formatBytes(result.full.bytes - result.prod.bytes)}, ${Math.round((100 * (result.full.bytes - result.prod.bytes)) / result.full.bytes)}% of the full install).`,
    );
  }
  for (const failed of installs.filter((i) => !i.ok))
    lines.push(
      "",
      `${failed.mode === "prod" ? "Production" : "Full"} install output (end):`,
      indent(failed.outputTail),
    );
  if (result.smoke) {
    const { smoke } = result;
    const verdict = smoke.ok
      ? "passed"
      : smoke.timedOut
        ? "FAILED: timed out"
        : `FAILED (exit ${smoke.exitCode ?? "?"})`;
    lines.push(
      "",
      `Smoke command in the production install: ${smoke.command}`,
      `  ${verdict} in ${(smoke.durationMs / 1000).toFixed(1)} s`,
    );
    if (!smoke.ok) lines.push("  output (end):", indent(smoke.outputTail, "    "));
  }
  if (result.workDir) lines.push("", `Kept the installs in ${result.workDir}`);
  lines.push("", result.ok ? "Production install verified." : "Production install NOT verified.");
  return `${lines.join("\n")}\n`;
}

/**
 * What was verified, on which project: "Production-only install of examples/app: npm packages
 * from package-lock.json, installed with pnpm; smoke command run in it; full install (with dev)
 * for comparison."
 */
function headline(result: VerifyProdResult): string {
  const project = result.target === "." ? "the project in the current directory" : result.target;
  const parts = [
    `${adapterFor(result.ecosystem).displayName} packages from ${result.lockfile}, installed with ${result.manager}`,
  ];
  if (result.smoke) parts.push("smoke command run in it");
  if (result.full) parts.push("full install (with dev) for comparison");
  return `Production-only install of ${project}: ${parts.join("; ")}.`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function indent(text: string, prefix = "  "): string {
  return text
    .trimEnd()
    .split("\n")
    .slice(-20)
    .map((line) => `${prefix}${line}`)
    .join("\n");
}
