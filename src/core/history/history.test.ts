import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PackageChange } from "./dependency-changes.js";
import { type CommitChanges, dependencyHistory, type HistoryResult } from "./history.js";
import { packageHistory } from "./package-history.js";
import { cloneBundle, git, removeDir, TEST_GIT } from "./test-support/git-repos.js";

let warehouse: string;
let result: HistoryResult;
const progress: [number, number][] = [];

beforeAll(async () => {
  warehouse = cloneBundle("warehouse-requirements.bundle", "requirements-history");
  result = await dependencyHistory(warehouse, TEST_GIT, {
    onProgress: (done, total) => progress.push([done, total]),
  });
}, 300_000);

afterAll(() => removeDir(warehouse));

function entry(prefix: string): CommitChanges {
  const found = result.entries.find((e) => e.commit.hash.startsWith(prefix));
  if (!found) throw new Error(`no history entry for ${prefix}`);
  return found;
}

function changeIn(e: CommitChanges, lockfile: string, name: string): PackageChange | undefined {
  return e.lockfiles.find((l) => l.lockfile === lockfile)?.changes.find((c) => c.name === name);
}

describe("the warehouse requirements history (3,370 commits)", () => {
  it("reads every commit, reports progress and finds nothing unreadable", () => {
    expect(result.stats.commits).toBe(3370);
    expect(progress.length).toBe(3370);
    expect(progress.at(-1)).toEqual([3370, 3370]);
    expect(result.errors).toEqual([]);
    expect(result.head).toBe(git(warehouse, ["rev-parse", "HEAD"]).trim());
  });

  it("attributes an upgrade to its commit, author, date and pull request, in every lockfile it touched", () => {
    // git show cbeec9d: `-requests==2.32.5 +requests==2.33.0` in five lockfiles.
    const e = entry("cbeec9d9865a");
    expect(e.commit).toEqual({
      hash: "cbeec9d9865a7a7fb5abaebc9359ec2e916a83e9",
      authorName: "dependabot[bot]",
      authorEmail: "49699333+dependabot[bot]@users.noreply.github.com",
      authorDate: "2026-03-25T19:09:50+00:00",
      subject: "chore(deps): bump requests from 2.32.5 to 2.33.0 (#19733)",
      pullRequest: 19733,
    });
    const touched = e.lockfiles
      .filter((l) => l.changes.some((c) => c.name === "requests"))
      .map((l) => l.lockfile);
    expect(touched).toEqual([
      "requirements/docs-blog.txt",
      "requirements/docs-dev.txt",
      "requirements/docs-user.txt",
      "requirements/main.txt",
      "requirements/tests.txt",
    ]);
    expect(changeIn(e, "requirements/main.txt", "requests")).toMatchObject({
      kind: "upgraded",
      from: { version: "2.32.5" },
      to: { version: "2.33.0", scope: "prod" },
    });
  });

  it("reports downgrades and removals", () => {
    // git show aa19148679: -WebOb==1.8.0 +WebOb==1.7.4 (main.txt and tests.txt).
    const webob = entry("aa19148679");
    expect(webob.commit).toMatchObject({
      authorName: "Dustin Ingram",
      pullRequest: 3598,
      subject: "Downgrade webob to 1.7.4 (#3598)",
    });
    expect(changeIn(webob, "requirements/main.txt", "webob")).toMatchObject({
      kind: "downgraded",
      displayName: "WebOb",
      from: { version: "1.8.0" },
      to: { version: "1.7.4" },
    });
    // git show 37b7067 (the last commit): orjson leaves main.in and main.txt.
    const orjson = entry("37b7067fad");
    expect(orjson.commit).toMatchObject({ authorName: "Ee Durbin", pullRequest: 20417 });
    expect(changeIn(orjson, "requirements/main.txt", "orjson")).toEqual({
      kind: "removed",
      ecosystem: "pypi",
      name: "orjson",
      displayName: "orjson",
      from: { version: "3.11.9", scope: "prod", direct: true },
    });
  });

  it("matches an independent count of main.txt pin changes (python over `git cat-file` of each version)", () => {
    // python: 2,424 commits change main.txt's pins: 284 names added, 100 removed, 4,821 version changes.
    let commits = 0;
    const counts = { added: 0, removed: 0, versions: 0 };
    for (const e of result.entries) {
      const changes =
        e.lockfiles
          .find((l) => l.lockfile === "requirements/main.txt")
          ?.changes.filter((c) => c.from?.version !== c.to?.version) ?? [];
      if (changes.length > 0) commits++;
      for (const c of changes) {
        if (c.kind === "added") counts.added++;
        else if (c.kind === "removed") counts.removed++;
        else counts.versions++;
      }
    }
    expect(commits).toBe(2424);
    expect(counts).toEqual({ added: 284, removed: 100, versions: 4821 });
    // requests==… changed 45 times in main.txt (the first time, it entered in 94cb951 at 2.8.1).
    const requests = result.entries.flatMap((e) =>
      changeIn(e, "requirements/main.txt", "requests") ? [e.commit.hash.slice(0, 10)] : [],
    );
    expect(requests.length).toBe(45);
    expect(requests[0]).toBe("94cb951cff");
  });

  it("follows renamed lockfiles instead of removing and re-adding every package", () => {
    // 1f9a683 renames docs.txt to docs/dev.txt (R098): only the pip-tools layering changes (no
    // main.txt beside docs/dev.txt any more, so the pins it shared with production become dev).
    const restructure = entry("1f9a683b61");
    const renamed = restructure.lockfiles.find((l) => l.event === "renamed");
    expect(renamed).toMatchObject({
      lockfile: "requirements/docs/dev.txt",
      previousPath: "requirements/docs.txt",
    });
    expect(
      renamed?.changes.every(
        (c) => c.kind === "changed" && c.from?.scope === "prod" && c.to?.scope === "dev",
      ),
    ).toBe(true);
    expect(restructure.lockfiles.find((l) => l.lockfile === "requirements/docs/user.txt")?.event).toBe(
      "added",
    );
    const unnest = entry("5205310");
    expect(
      unnest.lockfiles.filter((l) => l.event === "renamed").map((l) => `${l.previousPath} → ${l.lockfile}`),
    ).toEqual([
      "requirements/docs/blog.txt → requirements/docs-blog.txt",
      "requirements/docs/dev.txt → requirements/docs-dev.txt",
      "requirements/docs/user.txt → requirements/docs-user.txt",
    ]);
  });

  it("parses each lockfile version once and reads each blob once", () => {
    const { stats } = result;
    expect(stats.parses + stats.cacheHits).toBe(stats.evaluations);
    expect(stats.cacheHits).toBeGreaterThan(0); // reverts bring back lockfile versions already parsed
    // 5,728 distinct blobs appear in the log; a blob leaves memory when it leaves the tree, so one that
    // comes back (a revert) is read again: a handful, never once per commit.
    expect(stats.blobsRead).toBeGreaterThanOrEqual(5728);
    expect(stats.blobsRead).toBeLessThan(5728 * 1.05);
  });
});

describe("history of a subdirectory", () => {
  it("keeps to the lockfiles below it, with paths relative to it", async () => {
    const sub = await dependencyHistory(join(warehouse, "requirements"), TEST_GIT, { revision: "94cb951c" });
    expect(sub.stats.commits).toBe(1);
    expect(sub.entries[0]?.lockfiles.map((l) => `${l.event} ${l.lockfile}`)).toEqual([
      "added deploy.txt",
      "added dev.txt",
      "added main.txt",
      "added tests.txt",
    ]);
    expect(
      sub.entries[0]?.lockfiles
        .find((l) => l.lockfile === "main.txt")
        ?.changes.find((c) => c.name === "requests")?.to?.version,
    ).toBe("2.8.1");
  });
});

describe("the per-package view on the warehouse history", () => {
  it("tells when requests entered main.txt, every version since, and where it is now", () => {
    const trails = packageHistory(result, "Requests");
    const main = trails.find((t) => t.lockfile === "requirements/main.txt");
    expect(main?.firstEntered?.commit).toMatchObject({
      hash: expect.stringMatching(/^94cb951c/),
      authorName: "Donald Stufft",
      authorDate: "2015-11-19T23:05:26-05:00",
      pullRequest: 762,
    });
    expect(main?.firstEntered?.to?.version).toBe("2.8.1");
    expect(main?.events.length).toBe(45);
    expect(main?.events.map((e) => e.to?.version).slice(0, 4)).toEqual(["2.8.1", "2.9.0", "2.9.1", "2.10.0"]);
    // git show HEAD:requirements/main.txt | grep ^requests==
    expect(main?.current).toEqual([
      {
        version: git(warehouse, ["show", "HEAD:requirements/main.txt"]).match(/^requests==(\S+)/m)?.[1],
        scope: "prod",
        direct: true,
      },
    ]);
    expect(main?.removed).toBeUndefined();
  });

  it("follows a lockfile across its renames under its latest name", () => {
    // docs.txt → docs/dev.txt (1f9a683) → docs-dev.txt (5205310): one trail, not three.
    const trails = packageHistory(result, "sphinx");
    const paths = trails.map((t) => t.lockfile);
    expect(paths).toContain("requirements/docs-dev.txt");
    expect(paths).not.toContain("requirements/docs.txt");
    expect(paths).not.toContain("requirements/docs/dev.txt");
    const docs = trails.find((t) => t.lockfile === "requirements/docs-dev.txt");
    // git log -G '^sphinx==' -- requirements/docs.txt: it entered with docs.txt in 4d3f750 (#1522).
    expect(docs?.firstEntered).toMatchObject({
      lockfile: "requirements/docs.txt",
      commit: { pullRequest: 1522 },
    });
    // It never changed while the file was called docs/dev.txt (git log -G '^sphinx==' shows only the
    // two renames), and "replace sphinx with mkdocs (#18977)" removed it from docs-dev.txt.
    expect(new Set(docs?.events.map((e) => e.lockfile))).toEqual(
      new Set(["requirements/docs.txt", "requirements/docs-dev.txt"]),
    );
    expect(docs?.removed?.commit).toMatchObject({
      pullRequest: 18977,
      subject: "chore(deps): replace sphinx with mkdocs (#18977)",
    });
  });

  it("records the removal of a package that is gone", () => {
    const orjson = packageHistory(result, "orjson").find((t) => t.lockfile === "requirements/main.txt");
    expect(orjson?.current).toEqual([]);
    expect(orjson?.removed?.commit.hash).toBe("37b7067fade8a97c3288ee24d28fc9842095ad25");
    expect(orjson?.removed?.from?.version).toBe("3.11.9");
  });
});
