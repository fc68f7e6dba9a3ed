import { evaluateRecord, type RecordEvaluation } from "../advisories/matching/evaluate-record.js";
import type { OsvRecord } from "../advisories/schema/osv.js";
import { lockkeeperEcosystem } from "../advisories/sources/osv-ecosystems.js";
import { adapterFor } from "../ecosystems/index.js";
import { LockkeeperError } from "../errors.js";
import type { Ecosystem } from "../model/types.js";
import { openAdvisoryDatabase } from "./advisory-database.js";
import type { AppContext } from "./context.js";

/** A package version to evaluate a record against. */
export interface ExplainTarget {
  ecosystem: Ecosystem;
  name: string;
  version: string;
}

export interface ExplainedRecord {
  record: OsvRecord;
  /** The evaluation of the target version, step by step, when one was given. */
  evaluation?: RecordEvaluation;
}

export interface ExplainReport {
  records: ExplainedRecord[];
  target?: ExplainTarget;
}

/**
 * Every record an id or alias names, and for `name@version` (optionally `npm:` or `pypi:` first;
 * otherwise the ecosystem of the records) how each record's ranges evaluate it.
 * Throws NOT_FOUND for an id the database does not hold.
 */
export async function explainAdvisory(
  context: AppContext,
  id: string,
  pkg: string | undefined,
  options: { db?: string },
): Promise<ExplainReport> {
  const { db } = openAdvisoryDatabase(context, options.db);
  let records: OsvRecord[];
  try {
    records = await db.lookup(id);
  } finally {
    db.close();
  }
  if (records.length === 0) {
    throw new LockkeeperError("NOT_FOUND", `no advisory ${id} in the database`, {
      hint: 'check the id, or refresh the data with "lk db update"',
    });
  }
  const target = pkg ? parseTarget(pkg, records) : undefined;
  return {
    records: records.map((record) =>
      target
        ? { record, evaluation: evaluateRecord(record, target.ecosystem, target.name, target.version) }
        : { record },
    ),
    ...(target ? { target } : {}),
  };
}

function parseTarget(text: string, records: readonly OsvRecord[]): ExplainTarget {
  let spec = text;
  let ecosystem: Ecosystem | undefined;
  const prefix = /^(npm|pypi):/i.exec(spec);
  if (prefix?.[1]) {
    ecosystem = prefix[1].toLowerCase() as Ecosystem;
    spec = spec.slice(prefix[0].length);
  }
  const at = spec.lastIndexOf("@");
  if (at <= 0) throw new LockkeeperError("USAGE", `expected name@version, not "${text}"`);
  const rawName = spec.slice(0, at);
  const version = spec.slice(at + 1);
  ecosystem ??= records
    .flatMap((r) => r.affected ?? [])
    .map((a) => (a.package ? lockkeeperEcosystem(a.package.ecosystem) : undefined))
    .find((e): e is Ecosystem => e !== undefined);
  if (!ecosystem)
    throw new LockkeeperError("USAGE", `cannot tell the ecosystem of ${text}; prefix it with npm: or pypi:`);
  return { ecosystem, name: adapterFor(ecosystem).normaliseName(rawName), version };
}
