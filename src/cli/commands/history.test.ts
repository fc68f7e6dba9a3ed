import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LockkeeperError } from "../../core/errors.js";
import { cloneBundle, removeDir } from "../../core/history/test-support/git-repos.js";
import { bufferIo } from "../io.js";
import { historyCommand } from "./history.js";

let nodegoat: string;

beforeAll(() => {
  nodegoat = cloneBundle("nodegoat-npm.bundle", "dependency-history");
}, 60_000);

afterAll(() => removeDir(nodegoat));

async function history(options: Parameters<typeof historyCommand>[2], tty = false) {
  const io = bufferIo(nodegoat);
  io.isTTY = tty;
  const code = await historyCommand(io, ".", options);
  return { code, out: io.out, err: io.err };
}

describe("lk history on the NodeGoat history (36 commits, lockfile v1 → v2)", () => {
  it("lists changes newest first with commit, author, pull request, scope and type", async () => {
    const { code, out } = await history({ format: "table" });
    expect(code).toBe(0);
    const lines = out.split("\n");
    expect(lines[0]).toMatch(
      /^DATE\s+COMMIT\s+AUTHOR\s+PR\s+LOCKFILE\s+CHANGE\s+PACKAGE\s+FROM\s+TO\s+SCOPE\s+TYPE$/,
    );
    // The newest commit (7f83807, "fix: sync lockfile") comes first.
    expect(lines[2]).toMatch(
      /^2023-03-06\s+7f83807268\s+Liran Tal\s+package-lock\.json\s+added\s+ansi-styles\s+4\.3\.0\s+dev\s+transitive$/,
    );
    // git show ca08ae4 -- package.json: "marked": "0.3.9" → "0.3.5" (PR #281).
    expect(out).toMatch(
      /2023-03-06\s+ca08ae4197\s+Liran Tal\s+#281\s+package-lock\.json\s+downgraded\s+marked\s+0\.3\.9\s+0\.3\.5\s+prod\s+direct/,
    );
    // git show 8fe8d3b: cross-env ^7.0.2 added to devDependencies (PR #217).
    expect(out).toMatch(
      /2020-11-13\s+8fe8d3b55f\s+Liran Tal\s+#217\s+package-lock\.json\s+added\s+cross-env\s+7\.0\.2\s+dev\s+direct/,
    );
    expect(out).toMatch(/36 commits touching dependency files read, 13 lockfile versions parsed/);
  });

  it("writes JSON grouped by commit, newest first, and keeps only commits since a date", async () => {
    const { out, err } = await history({ format: "json", since: "2020-11-13" });
    const doc = JSON.parse(out);
    expect(doc.order).toBe("newest-first");
    expect(doc.commits.map((c: { commit: { hash: string } }) => c.commit.hash.slice(0, 7))).toEqual([
      "7f83807",
      "ca08ae4",
      "8fe8d3b",
    ]);
    expect(doc.commits[2].lockfiles[0].changes.map((c: { name: string }) => c.name)).toEqual([
      "cross-env",
      "cross-spawn",
      "path-key",
      "shebang-command",
      "shebang-regex",
      "which",
    ]);
    expect(doc.stats).toMatchObject({ commits: 36, parses: 13 });
    expect(err).toMatch(/^lk: 22 changes in 3 commits/);
  });

  it("writes one CSV row per change with the full commit details", async () => {
    const { out } = await history({ format: "csv", since: "2023-03-06T10:00:00+01:00" });
    const rows = out.trimEnd().split("\n");
    expect(rows[0]).toBe(
      "date,commit,author,author_email,pull_request,subject,lockfile,change,ecosystem,package,from,to,scope,type",
    );
    expect(rows).toContain(
      "2023-03-06T11:02:44+01:00,ca08ae41974b9eb67d86a3cbeb6f6a2d4fb46033,Liran Tal,liran.tal@gmail.com,281,Merge pull request #281 from OWASP/fix/marked-needs-to-be-vuln,package-lock.json,downgraded,npm,marked,0.3.9,0.3.5,prod,direct",
    );
    expect(rows.length).toBe(1 + 16);
  });

  it("shows one package's story: when it entered, who changed it, where it is now", async () => {
    const { out } = await history({ format: "table", package: "marked" });
    expect(out).toContain("marked (npm) in package-lock.json");
    expect(out).toContain(
      "first entered: 0.3.9 on 2019-03-03 by ckarande <kchetan.tech@gmail.com> in 45eed7efe8: Update package versions",
    );
    expect(out).toContain("now:           0.3.5 (prod, direct)");
    expect(out).toMatch(
      /2023-03-06\s+ca08ae4197\s+Liran Tal\s+#281\s+downgraded\s+0\.3\.9\s+0\.3\.5\s+prod\s+direct\s+Merge pull request #281/,
    );
    const json = JSON.parse((await history({ format: "json", package: "marked" })).out);
    expect(json.lockfiles[0].events.map((e: { kind: string }) => e.kind)).toEqual(["added", "downgraded"]);
  });

  it("draws progress on a terminal only", async () => {
    expect((await history({ format: "csv" }, true)).err).toContain(
      "\r\u001b[Kreading history: 36/36 commits",
    );
    expect((await history({ format: "csv" }, false)).err).not.toContain("\u001b[K");
  });

  it("rejects a package that never appears, a bad date and a directory outside git", async () => {
    await expect(history({ format: "table", package: "left-pad" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(history({ format: "table", since: "last tuesday" })).rejects.toMatchObject({
      code: "USAGE",
    });
    const outside = mkdtempSync(join(tmpdir(), "lk-no-git-"));
    const error = await historyCommand(bufferIo(outside), ".", { format: "table" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockkeeperError);
    expect(error).toMatchObject({ code: "GIT", message: `not a git repository: ${outside}` });
    removeDir(outside);
  });
});
