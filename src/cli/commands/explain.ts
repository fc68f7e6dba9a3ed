import type { RecordEvaluation } from "../../core/advisories/matching/evaluate-record.js";
import type { OsvRecord } from "../../core/advisories/schema/osv.js";
import { recordSeverity } from "../../core/advisories/severity/record-severity.js";
import { type ExplainTarget, explainAdvisory } from "../../core/app/explain.js";
import { cliContext } from "../context.js";
import { EXIT } from "../exit-codes.js";
import type { CliIo } from "../io.js";

/** `lk explain <id> [name@version]`: the record's ranges, and the evaluation of a version step by step. */
export async function explainCommand(
  io: CliIo,
  id: string,
  pkg: string | undefined,
  options: { db?: string },
): Promise<number> {
  const report = await explainAdvisory(cliContext(io), id, pkg, options);
  const out: string[] = [];
  for (const { record, evaluation } of report.records) {
    out.push(...describeRecord(record));
    if (evaluation && report.target) out.push(...describeEvaluation(evaluation, report.target));
    out.push("");
  }
  io.stdout(`${out.join("\n").trimEnd()}\n`);
  return EXIT.OK;
}

function describeRecord(record: OsvRecord): string[] {
  const severity = recordSeverity(
    record,
    (record.affected ?? []).map((_, i) => i),
  );
  const lines = [
    `${record.id}${record.aliases?.length ? ` (aliases: ${record.aliases.join(", ")})` : ""}`,
    ...(record.summary ? [`  ${record.summary}`] : []),
    `  severity: ${severity.level}${severity.score === undefined ? "" : ` ${severity.score.toFixed(1)}`} from ${severity.source}${severity.vector ? ` (${severity.vector})` : ""}`,
    `  modified ${record.modified}${record.published ? `, published ${record.published}` : ""}`,
  ];
  if (record.withdrawn) lines.push(`  WITHDRAWN on ${record.withdrawn}: this record never matches`);
  (record.affected ?? []).forEach((affected, i) => {
    lines.push(
      `  affected[${i}]: ${affected.package ? `${affected.package.ecosystem}/${affected.package.name}` : "(no package)"}`,
    );
    for (const range of affected.ranges ?? []) {
      const events = range.events.map((e) => Object.entries(e).map(([k, v]) => `${k} ${v}`)[0]).join(", ");
      lines.push(`    ${range.type} range: ${events}${range.repo ? ` (${range.repo})` : ""}`);
    }
    if (affected.versions?.length) {
      const shown = affected.versions.slice(0, 12).join(", ");
      lines.push(
        `    versions (${affected.versions.length}): ${shown}${affected.versions.length > 12 ? ", …" : ""}`,
      );
    }
  });
  return lines;
}

function describeEvaluation(evaluation: RecordEvaluation, target: ExplainTarget): string[] {
  const lines = [`  evaluation of ${target.ecosystem}/${target.name}@${target.version}:`];
  if (evaluation.entries.length === 0) lines.push("    no affected entry is about this package");
  for (const entry of evaluation.entries) {
    lines.push(`    affected[${entry.index}]:`);
    lines.push(
      `      versions list: ${entry.listedVersion === undefined ? "does not name it" : `names it (as "${entry.listedVersion}")`}`,
    );
    entry.ranges.forEach((range, i) => {
      if (range.skipped) {
        lines.push(`      range ${i + 1} (${range.type}): skipped: ${range.skipped}`);
        return;
      }
      lines.push(`      range ${i + 1} (${range.type}), events in version order:`);
      for (const step of range.steps) {
        const effect =
          step.kind === "limit"
            ? step.applies
              ? "version is not below the limit"
              : "below the limit"
            : step.applies
              ? "applies"
              : "does not apply";
        lines.push(
          `        ${step.kind} ${step.value}: ${effect} → ${step.vulnerable ? "affected" : "not affected"}`,
        );
      }
      lines.push(`        result: ${range.vulnerable ? "AFFECTED" : "not affected"}`);
    });
  }
  lines.push(
    `  verdict: ${evaluation.withdrawn ? "not affected (record withdrawn)" : evaluation.affected ? "AFFECTED" : "not affected"}`,
  );
  return lines;
}
