import { afterAll, describe, expect, it } from "vitest";
import { dependencyHistory } from "./history.js";
import { removeDir, scriptedRepo, TEST_GIT } from "./test-support/git-repos.js";

const repos: string[] = [];
afterAll(() => repos.forEach(removeDir));

function repo(...commits: Parameters<typeof scriptedRepo>[0]): string {
  const dir = scriptedRepo(commits);
  repos.push(dir);
  return dir;
}

/** A package-lock v2 with the given packages (all direct production dependencies). */
function packageLock(packages: Record<string, string>): string {
  const entries = Object.fromEntries(
    Object.entries(packages).map(([name, version]) => [
      `node_modules/${name}`,
      { version, resolved: `https://registry.npmjs.org/${name}/-/${name}-${version}.tgz`, license: "MIT" },
    ]),
  );
  const ranges = Object.fromEntries(Object.entries(packages).map(([name, version]) => [name, `^${version}`]));
  return `${JSON.stringify({ name: "demo", version: "1.0.0", lockfileVersion: 2, requires: true, packages: { "": { name: "demo", version: "1.0.0", dependencies: ranges }, ...entries } }, null, 2)}\n`;
}

const manifest = (packages: Record<string, string>) =>
  `${JSON.stringify({ name: "demo", version: "1.0.0", dependencies: Object.fromEntries(Object.entries(packages).map(([n, v]) => [n, `^${v}`])) })}\n`;

describe("dependencyHistory on small scripted repositories", () => {
  it("reports a commit whose lockfile does not parse, skips it, and diffs the next one against the last good version", async () => {
    const deps = { "left-pad": "1.1.0" };
    const dir = repo(
      {
        files: { "package.json": manifest(deps), "package-lock.json": packageLock(deps) },
        message: "Add left-pad (#1)",
        author: "Ada",
      },
      {
        files: { "package-lock.json": packageLock({ "left-pad": "1.2.0" }).slice(0, 120) },
        message: "Broken merge",
        author: "Bob",
      },
      {
        files: { "package-lock.json": packageLock({ "left-pad": "1.3.0" }) },
        message: "Fix the lockfile (#3)",
        author: "Cy",
      },
    );
    const result = await dependencyHistory(dir, TEST_GIT);
    expect(result.errors).toEqual([
      expect.objectContaining({
        lockfile: "package-lock.json",
        commit: expect.objectContaining({ authorName: "Bob", subject: "Broken merge" }),
        message: expect.any(String),
      }),
    ]);
    expect(result.entries.map((e) => e.commit.authorName)).toEqual(["Ada", "Cy"]);
    expect(result.entries[1]?.lockfiles[0]?.changes).toEqual([
      {
        kind: "upgraded",
        ecosystem: "npm",
        name: "left-pad",
        displayName: "left-pad",
        from: { version: "1.1.0", scope: "prod", direct: true, license: "MIT" },
        to: { version: "1.3.0", scope: "prod", direct: true, license: "MIT" },
      },
    ]);
    expect(result.entries[1]?.commit.pullRequest).toBe(3);
  });

  it("parses a lockfile version that comes back (a revert) once, from the cache", async () => {
    const a = packageLock({ "left-pad": "1.1.0" });
    const b = packageLock({ "left-pad": "1.2.0" });
    const dir = repo(
      { files: { "package.json": manifest({ "left-pad": "1.1.0" }), "package-lock.json": a }, message: "a" },
      { files: { "package-lock.json": b }, message: "b" },
      { files: { "package-lock.json": a }, message: 'Revert "b"' },
    );
    const result = await dependencyHistory(dir, TEST_GIT);
    expect(result.stats).toMatchObject({ commits: 3, evaluations: 3, parses: 2, cacheHits: 1 });
    expect(result.entries.map((e) => e.lockfiles[0]?.changes[0]?.kind)).toEqual([
      "added",
      "upgraded",
      "downgraded",
    ]);
  });

  it("re-reads a pip-tools layer when the production lock it is constrained by changes (the cache key includes what the parser read)", async () => {
    const dir = repo(
      {
        files: {
          "requirements/main.in": "flask\n",
          "requirements/main.txt": "flask==3.0.0\n    # via -r requirements/main.in\n",
          "requirements/dev.in": "-c main.txt\npytest\n",
          "requirements/dev.txt":
            "packaging==23.2\n    # via pytest\npytest==8.0.0\n    # via -r requirements/dev.in\n",
        },
        message: "pip-tools layers",
      },
      {
        files: {
          "requirements/main.txt":
            "flask==3.0.0\n    # via -r requirements/main.in\npackaging==23.2\n    # via flask\n",
        },
        message: "main needs packaging too",
      },
    );
    const result = await dependencyHistory(dir, TEST_GIT);
    const second = result.entries[1];
    // dev.txt's blob did not change, but packaging is now pinned in production too.
    expect(second?.lockfiles.map((l) => l.lockfile)).toEqual([
      "requirements/dev.txt",
      "requirements/main.txt",
    ]);
    expect(second?.lockfiles[0]?.changes).toEqual([
      {
        kind: "changed",
        ecosystem: "pypi",
        name: "packaging",
        displayName: "packaging",
        from: { version: "23.2", scope: "dev", direct: false },
        to: { version: "23.2", scope: "prod", direct: false },
      },
    ]);
    expect(second?.lockfiles[1]?.changes.map((c) => `${c.kind} ${c.name}`)).toEqual(["added packaging"]);
  });

  it("reports lockfiles added and removed, and ignores commits that touch no dependency file", async () => {
    const dir = repo(
      { files: { "README.md": "hello\n" }, message: "readme" },
      {
        files: {
          "app/package.json": manifest({ ms: "2.1.3" }),
          "app/package-lock.json": packageLock({ ms: "2.1.3" }),
        },
        message: "app",
      },
      { files: { "app/package-lock.json": null, "app/package.json": null }, message: "drop app" },
    );
    const result = await dependencyHistory(dir, TEST_GIT);
    expect(result.stats.commits).toBe(2);
    expect(
      result.entries.map((e) =>
        e.lockfiles.map((l) => `${l.event} ${l.lockfile} ${l.changes.map((c) => `${c.kind} ${c.name}`)}`),
      ),
    ).toEqual([["added app/package-lock.json added ms"], ["removed app/package-lock.json removed ms"]]);
  });
});
