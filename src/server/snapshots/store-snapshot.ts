import { createHash } from "node:crypto";
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import { type Kysely, sql, type Transaction } from "kysely";
import { diffFindings } from "../../core/history/finding-changes.js";
import { withAudit } from "../audit/audit-log.js";
import type { Database } from "../db/schema.js";
import { uuidv7 } from "../ids.js";
import type { Analysis } from "./analyse.js";
import { diffComponents } from "./diff.js";
import {
  detailOf,
  type FindingRow,
  type FindingSummary,
  summaryOf,
  summaryOfRow,
} from "./finding-summary.js";
import { type Membership, memberships, purlKey } from "./memberships.js";
import { type SincePrevious, storedAnalysis } from "./stored-analysis.js";
import { componentStates, storedFindingRows } from "./stored-contents.js";
import type { Upload } from "./upload.js";

const gzipAsync = promisify(gzip);

/**
 * Pushes to one project queue on this lock for the length of their transaction: the previous
 * snapshot, the first-seen times and the idempotency check must not change under a push.
 * (Two-key form: its key space is apart from the one-key locks of migrations and the audit log.)
 */
const PUSH_LOCK_CLASS = 0x4c4b5053; // "LKPS"

export interface StoreRequest {
  project: { id: string; name: string };
  upload: Upload;
  analysis: Analysis;
  /** The advisory data's `updatedAt`. */
  advisoryDataAt: string;
  /** Who pushed, for `created_by` and the audit log. */
  actor: string;
  now?: Date;
}

export interface StoreResult {
  snapshotId: string;
  /** False when the same content was already stored for this project, branch and commit. */
  created: boolean;
}

/**
 * Stores a push in one transaction with its audit entry (`snapshot.push`): blobs (content-addressed,
 * each stored once), the snapshot with its analysis, its files, components (one per purl across the
 * store), memberships and findings, whose `first_seen_at` is carried over from the project's
 * earlier snapshots. The same content pushed again for the same project, branch and commit is a
 * retry: the existing snapshot is returned. Rows go in as one jsonb array per table
 * (`jsonb_to_recordset`): one statement for 10,000 components instead of 10,000.
 */
export async function storeSnapshot(db: Kysely<Database>, request: StoreRequest): Promise<StoreResult> {
  const { project, upload, analysis } = request;
  const now = request.now ?? new Date();
  const files = upload.files.map((file) => {
    const bytes = Buffer.from(file.content, "utf8");
    return { path: file.path, bytes, sha256: createHash("sha256").update(bytes).digest("hex") };
  });
  const contentHash = contentHashOf(upload.kind, files);
  const members = memberships(analysis);
  const components = [...new Map(members.map((m) => [m.key, m])).values()];

  // Compressed outside the transaction, and only what the store does not hold yet.
  const known = new Set(
    (
      await db
        .selectFrom("blobs")
        .select("sha256")
        .where(
          "sha256",
          "in",
          files.map((f) => f.sha256),
        )
        .execute()
    ).map((row) => row.sha256),
  );
  const newBlobs = await Promise.all(
    [...new Map(files.filter((f) => !known.has(f.sha256)).map((f) => [f.sha256, f])).values()].map(
      async (f) => ({
        sha256: f.sha256,
        size: f.bytes.length,
        gzip: await gzipAsync(f.bytes),
      }),
    ),
  );

  return withAudit(db, async (trx, audit) => {
    await sql`select pg_advisory_xact_lock(${PUSH_LOCK_CLASS}, hashtext(${project.id}))`.execute(trx);
    const existing = await sameContent(trx, project.id, upload.git, contentHash);
    if (existing) return { snapshotId: existing, created: false };

    const previous = await trx
      .selectFrom("snapshots")
      .select("id")
      .where("project_id", "=", project.id)
      .where(sql<boolean>`branch is not distinct from ${upload.git.branch ?? null}`)
      .orderBy("created_at", "desc")
      .orderBy("id", "desc")
      .limit(1)
      .executeTakeFirst();
    const firstSeen = await firstSeenTimes(trx, project.id, analysis, now);
    const summaries = analysis.findings.map((finding) => summaryOf(finding, firstSeen(finding)));
    const sincePrevious = previous
      ? await changesSince(trx, previous.id, members, summaries)
      : {
          previousSnapshotId: null,
          findingsIntroduced: [],
          findingsFixed: [],
          packages: diffComponents([], []),
        };

    const snapshotId = uuidv7(now.getTime());
    const stored = storedAnalysis(analysis, components.length, sincePrevious);
    if (newBlobs.length > 0) {
      await trx
        .insertInto("blobs")
        .values(newBlobs)
        .onConflict((oc) => oc.column("sha256").doNothing())
        .execute();
    }
    await trx
      .insertInto("snapshots")
      .values({
        id: snapshotId,
        project_id: project.id,
        kind: upload.kind,
        content_hash: contentHash,
        branch: upload.git.branch ?? null,
        commit: upload.git.commit ?? null,
        author: upload.git.author ?? null,
        ci_url: upload.git.ciUrl ?? null,
        created_by: request.actor,
        created_at: now,
        component_count: components.length,
        finding_count: analysis.findings.length,
        verdict: analysis.verdict,
        analysis: JSON.stringify(stored),
        advisory_data_at: request.advisoryDataAt,
      })
      .execute();
    await trx
      .insertInto("snapshot_files")
      .values(files.map((f) => ({ snapshot_id: snapshotId, path: f.path, blob_sha256: f.sha256 })))
      .execute();
    await sql`
      insert into components (id, purl_sha256, purl, ecosystem, name, display_name, version)
      select r.id, r.key, r.purl, r.ecosystem, r.name, r.display_name, r.version
      from jsonb_to_recordset(${JSON.stringify(
        components.map((c) => ({
          id: uuidv7(now.getTime()),
          key: c.key,
          purl: c.purl,
          ecosystem: c.ecosystem,
          name: c.name,
          display_name: c.displayName,
          version: c.version ?? null,
        })),
      )}::jsonb) as r(id uuid, key text, purl text, ecosystem text, name text, display_name text, version text)
      on conflict (purl_sha256) do nothing`.execute(trx);
    await sql`
      insert into snapshot_components (snapshot_id, lockfile, component_id, scope, direct, license)
      select ${snapshotId}::uuid, r.lockfile, c.id, r.scope, r.direct, r.license
      from jsonb_to_recordset(${JSON.stringify(
        members.map((m) => ({
          lockfile: m.lockfile,
          key: m.key,
          scope: m.scope,
          direct: m.direct,
          license: m.license ?? null,
        })),
      )}::jsonb) as r(lockfile text, key text, scope text, direct boolean, license text)
      join components c on c.purl_sha256 = r.key`.execute(trx);
    if (analysis.findings.length > 0) {
      const seen = new Set<string>();
      const rows = analysis.findings.flatMap((finding, index) => {
        const key = purlKey(finding.package.purl);
        // One row per problem per package per lockfile (a lockfile listing a release twice gives one).
        const identity = `${finding.lockfile}\u0000${key}\u0000${finding.id}`;
        if (seen.has(identity)) return [];
        seen.add(identity);
        return [
          {
            lockfile: finding.lockfile,
            key,
            vulnerability_id: finding.id,
            aliases: finding.aliases,
            match_ids: [finding.id, ...finding.aliases].map((id) => id.toUpperCase()),
            severity: finding.severity.level,
            score: finding.severity.score ?? null,
            fixed_versions: finding.fixedVersions,
            fix_version: finding.fix?.version ?? null,
            summary: finding.summary ?? null,
            first_seen_at: (summaries[index] as FindingSummary).firstSeenAt,
            detail: detailOf(finding),
          },
        ];
      });
      await sql`
        insert into findings (snapshot_id, lockfile, component_id, vulnerability_id, aliases, match_ids,
          severity, score, fixed_versions, fix_version, summary, first_seen_at, detail)
        select ${snapshotId}::uuid, r.lockfile, c.id, r.vulnerability_id, r.aliases, r.match_ids,
          r.severity, r.score, r.fixed_versions, r.fix_version, r.summary, r.first_seen_at, r.detail
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(lockfile text, key text,
          vulnerability_id text, aliases text[], match_ids text[], severity text, score numeric,
          fixed_versions text[], fix_version text, summary text, first_seen_at timestamptz, detail jsonb)
        join components c on c.purl_sha256 = r.key`.execute(trx);
    }
    await audit({
      actor: request.actor,
      action: "snapshot.push",
      subjectType: "snapshot",
      subjectId: snapshotId,
      after: {
        id: snapshotId,
        project: project.name,
        branch: upload.git.branch ?? null,
        commit: upload.git.commit ?? null,
        counts: { components: components.length, findings: analysis.findings.length },
        verdict: analysis.verdict,
      },
    });
    return { snapshotId, created: true };
  });
}

/**
 * The hash of a snapshot's content: its kind and every file's path and blob hash, in path order.
 * Git metadata is not content: the same files pushed from two commits hash the same.
 */
function contentHashOf(kind: string, files: readonly { path: string; sha256: string }[]): string {
  const hash = createHash("sha256").update(`lockkeeper-snapshot-1\n${kind}\n`);
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    hash.update(`${file.path}\u0000${file.sha256}\n`);
  }
  return `sha256:${hash.digest("hex")}`;
}

/**
 * A retry of an earlier push: same project, branch, commit and content. Without a commit nothing
 * identifies the push but its branch, so only the branch's latest snapshot counts (content A, B,
 * then A again is a new snapshot: the branch went back).
 */
async function sameContent(
  trx: Transaction<Database>,
  projectId: string,
  git: Upload["git"],
  contentHash: string,
): Promise<string | undefined> {
  let query = trx
    .selectFrom("snapshots")
    .select(["id", "content_hash"])
    .where("project_id", "=", projectId)
    .where(sql<boolean>`branch is not distinct from ${git.branch ?? null}`);
  if (git.commit !== undefined) {
    query = query.where("commit", "=", git.commit).where("content_hash", "=", contentHash);
  } else {
    query = query.orderBy("created_at", "desc").orderBy("id", "desc").limit(1);
  }
  const row = await query.executeTakeFirst();
  return row?.content_hash === contentHash ? row.id : undefined;
}

/**
 * When this project first had each finding's problem in its package (any version: an upgrade that
 * keeps the CVE does not make it new). Same problem = same ecosystem and name and a shared id, as
 * `lk diff` decides (core diffFindings). Findings seen for the first time get `now`.
 */
async function firstSeenTimes(
  trx: Transaction<Database>,
  projectId: string,
  analysis: Analysis,
  now: Date,
): Promise<(finding: Analysis["findings"][number]) => Date> {
  if (analysis.findings.length === 0) return () => now;
  const names = [...new Set(analysis.findings.map((f) => f.package.name))];
  const rows = await trx
    .selectFrom("findings as f")
    .innerJoin("snapshots as s", "s.id", "f.snapshot_id")
    .innerJoin("components as c", "c.id", "f.component_id")
    .select(["c.ecosystem", "c.name", "f.match_ids", sql<Date>`min(f.first_seen_at)`.as("first_seen_at")])
    .where("s.project_id", "=", projectId)
    .where("c.name", "in", names)
    .groupBy(["c.ecosystem", "c.name", "f.match_ids"])
    .execute();
  const earliest = new Map<string, { ids: string[]; at: Date }[]>();
  for (const row of rows) {
    const key = `${row.ecosystem}\u0000${row.name}`;
    const list = earliest.get(key) ?? [];
    list.push({ ids: row.match_ids, at: new Date(row.first_seen_at) });
    earliest.set(key, list);
  }
  return (finding) => {
    const ids = new Set([finding.id, ...finding.aliases].map((id) => id.toUpperCase()));
    let first = now;
    for (const seen of earliest.get(`${finding.package.ecosystem}\u0000${finding.package.name}`) ?? []) {
      if (seen.ids.some((id) => ids.has(id)) && seen.at < first) first = seen.at;
    }
    return first;
  };
}

/** Findings introduced and fixed, and package changes, since the previous snapshot of the branch. */
async function changesSince(
  trx: Transaction<Database>,
  previousId: string,
  members: readonly Membership[],
  summaries: readonly FindingSummary[],
): Promise<SincePrevious> {
  const [before, previousFindings] = await Promise.all([
    componentStates(trx, previousId),
    storedFindingRows(trx, previousId),
  ]);
  const findings = diffFindings(
    previousFindings.map((row: FindingRow) => summaryOfRow(row)),
    summaries,
  );
  return {
    previousSnapshotId: previousId,
    findingsIntroduced: findings.introduced,
    findingsFixed: findings.fixed,
    packages: diffComponents(
      before,
      members.map(({ key: _key, purl: _purl, ...state }) => state),
    ),
  };
}
