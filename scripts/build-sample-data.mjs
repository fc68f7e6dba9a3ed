// Builds data/sample/: the projects `lk serve` seeds an empty store with (unless LK_SEED=false).
// Real data only: the example project, and the lockfile history of OWASP NodeGoat from the git
// bundle in fixtures/git (every commit that changed package-lock.json, oldest first).
//
//   node scripts/build-sample-data.mjs
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const root = new URL("..", import.meta.url).pathname;
const out = join(root, "data/sample");

function git(cwd, args) {
  return execFileSync("git", args, { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
}

const work = mkdtempSync(join(tmpdir(), "lk-sample-"));
try {
  const repo = join(work, "nodegoat");
  git(work, ["init", "-q", repo]);
  git(repo, ["fetch", "-q", join(root, "fixtures/git/nodegoat-npm.bundle"), "dependency-history:history"]);
  const log = git(repo, [
    "log",
    "--reverse",
    "--format=%H%x00%an%x00%ae%x00%aI%x00%s",
    "history",
    "--",
    "package-lock.json",
  ]);
  const commits = log
    .trim()
    .split("\n")
    .map((line) => {
      const [commit, authorName, authorEmail, date, subject] = line.split("\0");
      const files = {};
      for (const path of ["package.json", "package-lock.json"])
        files[path] = git(repo, ["show", `${commit}:${path}`]);
      return { commit, author: `${authorName} <${authorEmail}>`, date, subject, files };
    });
  const history = {
    project: "nodegoat",
    source: "https://github.com/OWASP/NodeGoat (Apache-2.0); fixtures/git/nodegoat-npm.bundle",
    branch: "master",
    commits,
  };
  writeFileSync(join(out, "nodegoat-history.json.gz"), gzipSync(JSON.stringify(history), { level: 9 }));

  const goats = {
    project: "goats",
    source: "examples/goats (OWASP NodeGoat, Apache-2.0; adeyosemanputra/pygoat, MIT)",
    branch: "main",
    commits: [
      {
        commit: null,
        author: null,
        date: null,
        subject: "the example project",
        files: Object.fromEntries(
          ["package.json", "package-lock.json", "requirements.txt"].map((path) => [
            path,
            readFileSync(join(root, "examples/goats", path), "utf8"),
          ]),
        ),
      },
    ],
  };
  writeFileSync(join(out, "goats.json.gz"), gzipSync(JSON.stringify(goats), { level: 9 }));
  console.log(`data/sample: nodegoat ${commits.length} lockfile versions, goats 1 snapshot`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
