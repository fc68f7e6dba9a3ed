import type { Kysely } from "kysely";
import { normaliseLicenseText } from "../../core/licenses/normalise.js";
import { compilePolicy, DEFAULT_LICENSE_POLICY } from "../../core/licenses/policy.js";
import { compareText } from "../../core/model/package-order.js";
import type { Database } from "../db/schema.js";
import type { ProjectPolicy } from "./settings.js";
import { componentStates } from "./stored-contents.js";

/**
 * A stored snapshot's licences judged by the project's licence policy as it is now (the push's own
 * verdict kept the policy of its day): every package with its outcome and reasons, and a summary by
 * licence, as `lk licenses` shows them.
 */
export async function snapshotLicenses(db: Kysely<Database>, snapshotId: string, policy: ProjectPolicy) {
  const rows = (await componentStates(db, snapshotId)).sort(
    (a, b) =>
      compareText(a.name, b.name) ||
      compareText(a.version ?? "", b.version ?? "") ||
      compareText(a.lockfile, b.lockfile),
  );
  const compiled = compilePolicy({ ...DEFAULT_LICENSE_POLICY, ...policy.licenses });
  const items = rows.map((row) => {
    const license = row.license === undefined ? undefined : normaliseLicenseText(row.license);
    const verdict = compiled.evaluate(license, row.scope);
    return {
      ecosystem: row.ecosystem,
      name: row.name,
      displayName: row.displayName,
      version: row.version ?? null,
      lockfile: row.lockfile,
      scope: row.scope,
      direct: row.direct,
      license: license?.expression ?? "unknown",
      ...(license && license.expression === undefined ? { raw: license.raw } : {}),
      outcome: verdict.outcome,
      reasons: verdict.reasons,
    };
  });
  const summary = new Map<string, { license: string; outcome: string; packages: number }>();
  for (const item of items) {
    const key = `${item.license}\u0000${item.outcome}`;
    const row = summary.get(key) ?? { license: item.license, outcome: item.outcome, packages: 0 };
    row.packages += 1;
    summary.set(key, row);
  }
  return {
    policy: policy.licenses,
    policyProblems: compiled.problems,
    summary: [...summary.values()].sort(
      (a, b) => b.packages - a.packages || (a.license < b.license ? -1 : 1),
    ),
    items,
  };
}
