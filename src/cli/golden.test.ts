import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scriptedRepo } from "../core/history/test-support/git-repos.js";
import { bufferIo } from "./io.js";
import { run } from "./run.js";
import { goldenText, REPO_ROOT } from "./test-support/golden-text.js";

/**
 * Golden outputs of the main commands on the checked-in example project: every byte of stdout and
 * stderr and the exit code, so refactors behind the CLI are proven not to change what users see.
 * Only what varies from run to run (the advisory data's age, generated timestamps and serial
 * numbers, temporary paths) is replaced by placeholders. To accept an intended change, run
 * `npx vitest run src/cli/golden.test.ts --update` and review the diff of `golden/`.
 */
const GOATS = join(REPO_ROOT, "examples/goats");

let cache: string;
let repo: string;

beforeAll(() => {
  cache = mkdtempSync(join(tmpdir(), "lk-golden-cache-"));
  // A two-commit history of the example project: requests and PyPI's urllib3 move, an npm package goes.
  const requirements = readFileSync(join(GOATS, "requirements.txt"), "utf8");
  const lock = JSON.parse(readFileSync(join(GOATS, "package-lock.json"), "utf8")) as {
    packages: Record<string, unknown>;
  };
  const manifest = readFileSync(join(GOATS, "package.json"), "utf8");
  const before = `${JSON.stringify(lock, null, 2)}\n`;
  delete lock.packages["node_modules/ms"];
  const after = `${JSON.stringify(lock, null, 2)}\n`;
  repo = scriptedRepo([
    {
      message: "Initial import",
      files: { "requirements.txt": requirements, "package-lock.json": before, "package.json": manifest },
    },
    {
      message: "Bump requests (#12)",
      author: "Grace Hopper",
      email: "grace@example.org",
      files: {
        "requirements.txt": requirements.replace("requests==2.28.2", "requests==2.31.0"),
        "package-lock.json": after,
      },
    },
  ]);
});

afterAll(() => {
  rmSync(cache, { recursive: true, force: true });
  rmSync(repo, { recursive: true, force: true });
});

interface GoldenCase {
  name: string;
  args: () => string[];
  cwd?: () => string;
}

const CASES: GoldenCase[] = [
  { name: "inventory.txt", args: () => ["inventory", "examples/goats"] },
  { name: "inventory-packages.txt", args: () => ["inventory", "examples/goats", "--packages"] },
  { name: "inventory.json", args: () => ["inventory", "examples/goats", "-f", "json"] },
  { name: "inventory-prod.csv", args: () => ["inventory", "examples/goats", "-f", "csv", "-s", "prod"] },
  { name: "why.txt", args: () => ["why", "ms", "examples/goats"] },
  { name: "why.json", args: () => ["why", "requests", "examples/goats", "-f", "json"] },
  { name: "sbom-cyclonedx.json", args: () => ["sbom", "examples/goats"] },
  { name: "sbom-spdx.json", args: () => ["sbom", "examples/goats", "-f", "spdx"] },
  { name: "scan.txt", args: () => ["scan", "examples/goats"] },
  { name: "scan.json", args: () => ["scan", "examples/goats", "-f", "json"] },
  { name: "scan-high.sarif", args: () => ["scan", "examples/goats", "-f", "sarif", "--fail-on", "high"] },
  { name: "scan.junit.xml", args: () => ["scan", "examples/goats", "-f", "junit"] },
  { name: "scan-prod.md", args: () => ["scan", "examples/goats", "-f", "markdown", "-s", "prod"] },
  { name: "explain.txt", args: () => ["explain", "CVE-2023-32681", "requests@2.28.2"] },
  { name: "licenses.txt", args: () => ["licenses", "examples/goats"] },
  { name: "licenses.json", args: () => ["licenses", "examples/goats", "-f", "json"] },
  { name: "licenses.csv", args: () => ["licenses", "examples/goats", "-f", "csv"] },
  { name: "licenses.md", args: () => ["licenses", "examples/goats", "-f", "markdown"] },
  { name: "notice.txt", args: () => ["notice", "examples/goats"] },
  { name: "check-imports.txt", args: () => ["check", "imports", "examples/goats"] },
  { name: "check-imports.json", args: () => ["check", "imports", "examples/goats", "-f", "json"] },
  { name: "db-status.txt", args: () => ["db", "status"] },
  { name: "db-status.json", args: () => ["db", "status", "-f", "json"] },
  { name: "history.txt", args: () => ["history", "."], cwd: () => repo },
  { name: "history.json", args: () => ["history", ".", "-f", "json"], cwd: () => repo },
  { name: "history-package.txt", args: () => ["history", ".", "--package", "requests"], cwd: () => repo },
  {
    name: "history-package.json",
    args: () => ["history", ".", "--package", "requests", "-f", "json"],
    cwd: () => repo,
  },
  { name: "diff.txt", args: () => ["diff", "HEAD~1", "HEAD"], cwd: () => repo },
  { name: "diff.json", args: () => ["diff", "HEAD~1", "HEAD", "-f", "json"], cwd: () => repo },
  {
    name: "diff-gate.md",
    args: () => ["diff", "HEAD~1", "-f", "markdown", "--fail-on-new", "low"],
    cwd: () => repo,
  },
  { name: "config-validate.txt", args: () => ["config", "validate", "examples/goats"] },
  { name: "usage-error.txt", args: () => ["scan", "examples/goats", "--fail-on", "severe"] },
  { name: "missing-target.txt", args: () => ["inventory", "examples/no-such-project"] },
];

describe("golden CLI outputs on examples/goats", () => {
  it.each(CASES)("$name", async ({ name, args, cwd }) => {
    const directory = cwd ? cwd() : REPO_ROOT;
    const io = bufferIo(directory);
    io.env.XDG_CACHE_HOME = cache;
    const code = await run(args(), io);
    const text = goldenText({ args: args(), code, out: io.out, err: io.err }, directory, cache);
    await expect(text).toMatchFileSnapshot(`golden/${name}`);
  });
});
