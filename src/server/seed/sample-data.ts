import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import type { Kysely } from "kysely";
import { shippedDataDir } from "../../core/advisories/store/paths.js";
import type { AdvisoryData } from "../app.js";
import { withAudit } from "../audit/audit-log.js";
import type { Database } from "../db/schema.js";
import { uuidv7 } from "../ids.js";
import { analyse } from "../snapshots/analyse.js";
import { projectPolicy } from "../snapshots/settings.js";
import { storeSnapshot } from "../snapshots/store-snapshot.js";

/** One sample project as `scripts/build-sample-data.mjs` writes it: its lockfiles at each commit, oldest first. */
interface SampleProject {
  project: string;
  branch: string;
  commits: {
    commit: string | null;
    author: string | null;
    date: string | null;
    files: Record<string, string>;
  }[];
}

const SAMPLES = ["goats.json.gz", "nodegoat-history.json.gz"];

/**
 * Fills an empty store with real projects so a first look shows something true: the example
 * project, and NodeGoat's lockfile history (11 pushes dated as their commits, so timelines, diffs
 * and first-seen times have content). Does nothing when any project exists, so a restart, a
 * second instance or a store that had data never gets samples. Returns the projects seeded.
 */
export async function seedSampleData(db: Kysely<Database>, advisories: AdvisoryData): Promise<string[]> {
  const existing = await db.selectFrom("projects").select("id").limit(1).executeTakeFirst();
  if (existing) return [];
  const dir = shippedDataDir("sample");
  const seeded: string[] = [];
  for (const file of SAMPLES) {
    const sample = JSON.parse(gunzipSync(readFileSync(join(dir, file))).toString("utf8")) as SampleProject;
    const project = await withAudit(db, async (trx, audit) => {
      const created = await trx
        .insertInto("projects")
        .values({ id: uuidv7(), name: sample.project, default_branch: sample.branch })
        // Two instances seeding at once: the second finds the name taken and skips the project.
        .onConflict((conflict) => conflict.column("name").doNothing())
        .returning(["id", "name", "settings"])
        .executeTakeFirst();
      if (created) {
        await audit({
          actor: "system",
          action: "project.create",
          subjectType: "project",
          subjectId: created.id,
          after: { name: created.name, sample: true },
        });
      }
      return created;
    });
    if (!project) continue;
    for (const commit of sample.commits) {
      const upload = {
        kind: "lockfiles" as const,
        files: Object.entries(commit.files).map(([path, content]) => ({ path, content })),
        git: {
          branch: sample.branch,
          ...(commit.commit ? { commit: commit.commit } : {}),
          ...(commit.author ? { author: commit.author } : {}),
        },
      };
      const analysis = await analyse(upload, await projectPolicy(db, project.settings), advisories);
      await storeSnapshot(db, {
        project,
        upload,
        analysis,
        advisoryDataAt: advisories.updatedAt,
        actor: "system",
        ...(commit.date ? { now: new Date(commit.date) } : {}),
      });
    }
    seeded.push(sample.project);
  }
  return seeded;
}
