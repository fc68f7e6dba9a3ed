import { createHash } from "node:crypto";
import { join, relative, sep } from "node:path";
import { pathToFileURL } from "node:url";
import type { ScanReport } from "../../core/app/scan.js";
import type { Finding, SeverityLevel } from "../../core/findings/types.js";
import { LockfileLines } from "./lockfile-lines.js";
import { fixText } from "./scan-report.js";

const SARIF_LEVEL: Record<SeverityLevel, "error" | "warning" | "note"> = {
  critical: "error",
  high: "error",
  medium: "warning",
  low: "note",
  unknown: "warning",
};

/**
 * SARIF 2.1.0 for code-scanning dashboards: one rule per vulnerability, one result per vulnerable
 * package version, located at the package's line in the lockfile. Locations are relative to the
 * repository root (`%SRCROOT%`, given as a file URI in `originalUriBaseIds`), whichever directory
 * the scan ran from, as code-scanning uploads expect. Ignored findings carry a suppression.
 */
export function renderScanSarif(report: ScanReport): string {
  const lines = new LockfileLines(report.lockfileDir);
  const rules = new Map<string, object>();
  for (const f of report.findings) if (!rules.has(f.id)) rules.set(f.id, rule(f));
  const ruleIds = [...rules.keys()];
  const document = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "Lockkeeper",
            version: report.toolVersion,
            rules: [...rules.values()],
          },
        },
        // Lockkeeper has no public home page yet, so the driver names no informationUri.
        originalUriBaseIds: {
          "%SRCROOT%": { uri: `${pathToFileURL(report.sourceRoot).href.replace(/\/$/, "")}/` },
        },
        results: report.findings.map((f) => {
          const uri = toUri(relative(report.sourceRoot, join(report.lockfileDir, f.lockfile)));
          const result: Record<string, unknown> = {
            ruleId: f.id,
            ruleIndex: ruleIds.indexOf(f.id),
            level: SARIF_LEVEL[f.severity.level],
            message: {
              text: `${f.package.displayName}@${f.package.version} (${f.package.scope}, ${f.package.direct ? "direct" : "transitive"}) is affected by ${f.id}${f.summary ? `: ${f.summary}` : ""}. Fix: ${fixText(f)}.${f.path.length > 1 ? ` Path: ${f.path.join(" > ")}.` : ""}`,
            },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri, uriBaseId: "%SRCROOT%" },
                  region: { startLine: lines.lineOf(f) },
                },
              },
            ],
            partialFingerprints: {
              "lockkeeper/v1": createHash("sha256")
                .update(`${f.id}|${f.package.purl}|${f.lockfile}`)
                .digest("hex"),
            },
            properties: { purl: f.package.purl, scope: f.package.scope, aliases: f.aliases },
          };
          if (f.ignored) result.suppressions = [{ kind: "external", justification: f.ignored.reason }];
          return result;
        }),
      },
    ],
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

function rule(f: Finding): object {
  const severity: Record<string, unknown> = { tags: ["security", "vulnerability", "dependency"] };
  // GitHub code scanning ranks results by this property (a CVSS-like score as a string).
  if (f.severity.score !== undefined) severity["security-severity"] = f.severity.score.toFixed(1);
  return {
    id: f.id,
    name: f.id.replace(/[^A-Za-z0-9]/g, ""),
    shortDescription: { text: f.summary ?? `${f.id} in ${f.package.displayName}` },
    fullDescription: {
      text: `${f.summary ?? f.id}${f.aliases.length ? ` (also ${f.aliases.join(", ")})` : ""}`,
    },
    helpUri: `https://osv.dev/vulnerability/${encodeURIComponent(f.recordIds[0] ?? f.id)}`,
    help: {
      text: `Severity: ${f.severity.level}${f.severity.vector ? ` (${f.severity.vector})` : ""}, from ${f.severity.source}.`,
    },
    defaultConfiguration: { level: SARIF_LEVEL[f.severity.level] },
    properties: severity,
  };
}

function toUri(path: string): string {
  return path.split(sep).join("/").split("/").map(encodeURIComponent).join("/");
}
