import { execFile, execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { promisify } from "node:util";
import { defaultConfig } from "../src/core/config/schema.js";
import { environmentSecrets } from "../src/core/config/secrets.js";
import { npmChanges } from "../src/core/ecosystems/npm/changes/index.js";
import { NpmRegistryClient } from "../src/core/ecosystems/npm/registry/npm-registry-client.js";
import {
  type SeedPackage,
  startVerdaccio,
} from "../src/core/ecosystems/npm/registry/test-support/verdaccio.js";
import { loadInventory } from "../src/core/inventory/load-inventory.js";
import { CleanupScope } from "../src/core/process/cleanup-scope.js";
import { findOutdated } from "../src/core/updates/outdated.js";
import { runUpdates } from "../src/core/updates/run-updates.js";
import { LOCKFILES_DIR, REPO_ROOT } from "./fixtures.js";
import { type BenchRow, printRows } from "./measure.js";
import { registrySeedFor } from "./registry-seed.js";

const LK = join(REPO_ROOT, "dist/bundle/main.js");
const execFileAsync = promisify(execFile);

const WARM_RUNS = 11;
const COLD_RUNS = 5;

/**
 * `lk outdated` lookups for the npm-cli fixture's direct dependencies against a local Verdaccio,
 * cold (empty cache) and warm (fresh disk cache), next to the bare minimum: fetching (cold) or
 * reading (warm) the same packuments and JSON.parse, with the same concurrency of 8.
 * Target: warm under 200 ms.
 */
export async function benchOutdated(): Promise<void> {
  const fixture = join(LOCKFILES_DIR, "npm/npm-cli-v3-workspaces");
  const inventory = loadInventory(fixture, { cwd: fixture });
  const direct = new Map<string, string>();
  for (const pkg of inventory.snapshots.flatMap((s) => s.packages)) {
    if (pkg.direct && pkg.version && pkg.source.kind === "registry") direct.set(pkg.name, pkg.version);
  }
  const seed = await registrySeedFor(direct);
  const registry = await startVerdaccio(seed.packages);
  const work = mkdtempSync(join(tmpdir(), "lk-bench-outdated-"));
  try {
    const names = [...direct.keys()];
    const fetchAll = async () => {
      const queue = [...names];
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          for (let name = queue.shift(); name; name = queue.shift()) {
            JSON.parse(await (await fetch(`${registry.url}${name.replace("/", "%2f")}`)).text());
          }
        }),
      );
    };
    let caches = 0;
    const outdatedWith = async (cacheDir: string) => {
      const npm = new NpmRegistryClient({ baseUrl: registry.url, cacheDir });
      return findOutdated(inventory, new Map([["npm", npm]]));
    };
    await outdatedWith(join(work, "warm-up"));
    const coldBaseline = await median(COLD_RUNS, fetchAll);
    const cold = await median(COLD_RUNS, () => outdatedWith(join(work, `cold-${caches++}`)));
    const warmDir = join(work, "warm");
    const entries = await outdatedWith(warmDir);
    const cacheFiles = readdirSync(warmDir).map((file) => join(warmDir, file));
    const warmBaseline = await median(WARM_RUNS, async () => {
      for (const file of cacheFiles) JSON.parse(readFileSync(file, "utf8"));
    });
    const warm = await median(WARM_RUNS, () => outdatedWith(warmDir));
    // The whole command as a user runs it: process start, config, lockfile, warm cache, table.
    const project = join(work, "project");
    cpSync(fixture, project, { recursive: true });
    writeFileSync(join(project, ".npmrc"), `registry=${registry.url}\n`);
    const cliEnv = { ...process.env, XDG_CACHE_HOME: join(work, "xdg") };
    // Asynchronous: the registry runs in this process and must keep answering.
    const runCli = () => execFileAsync(process.execPath, [LK, "outdated", project], { env: cliEnv });
    await runCli().catch(() => undefined); // exit code 1 means "outdated found"; this run fills the cache
    const cli = await median(WARM_RUNS, () => runCli().catch(() => undefined));
    const nodeStart = await median(WARM_RUNS, () => execFileAsync(process.execPath, ["-e", ""]));
    const rows: BenchRow[] = [
      {
        name: `cold: ${names.length} packuments`,
        ms: cold,
        baseline: { name: "fetch + JSON.parse, 8 at a time", ms: coldBaseline },
      },
      {
        name: "warm (disk cache)",
        ms: warm,
        baseline: { name: "read + JSON.parse the cache files", ms: warmBaseline },
        target: { text: "< 200 ms", met: warm < 200 },
      },
      {
        name: "`lk outdated` CLI, warm (whole process)",
        ms: cli,
        baseline: { name: "node -e ''", ms: nodeStart },
      },
    ];
    printRows(
      `lk outdated, npm-cli direct dependencies (${entries.length} outdated; packuments: ${seed.real} real, ${seed.synthetic} synthetic; median)`,
      rows,
    );
  } finally {
    await registry.close();
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * `lk update` making 10 update branches (no test command) in a fresh repository against a local
 * Verdaccio: total time, the time spent in npm itself, and Lockkeeper's own share (target < 2 s).
 */
export async function benchUpdateBranches(): Promise<void> {
  const count = 10;
  const packages: SeedPackage[] = Array.from({ length: count }, (_, i) => ({
    name: `lk-bench-${i}`,
    versions: ["1.0.0", "1.1.0"].map((version, index) => ({
      version,
      files: {
        "index.js": "module.exports = 1;\n",
        "CHANGELOG.md": `# 1.1.0\n\n- Faster.\n\n# 1.0.0\n\n- First.\n`,
      },
      publishedAt: new Date(Date.now() - (index === 0 ? 400 : 30) * 86_400_000).toISOString(),
    })),
  }));
  const dependencies = Object.fromEntries(packages.map((p) => [p.name, "^1.0.0"]));
  const registry = await startVerdaccio(packages.map((p) => ({ ...p, versions: p.versions.slice(0, 1) })));
  const work = mkdtempSync(join(tmpdir(), "lk-bench-update-"));
  const env = {
    ...process.env,
    npm_config_cache: join(work, "npm-cache"),
    npm_config_userconfig: join(work, "npmrc"),
  };
  try {
    writeFileSync(join(work, "npmrc"), "");
    const repo = join(work, "repo");
    execFileSync("git", ["init", "-q", "-b", "main", repo]);
    writeFileSync(join(repo, ".npmrc"), `registry=${registry.url}\n`);
    writeFileSync(
      join(repo, "package.json"),
      JSON.stringify({ name: "app", version: "1.0.0", dependencies }, null, 2),
    );
    // Asynchronous: the registry runs in this process and must keep answering npm.
    await execFileAsync("npm", ["install", "--package-lock-only", "--no-audit", "--no-fund"], {
      cwd: repo,
      env,
    });
    execFileSync(
      "git",
      ["-c", "user.name=b", "-c", "user.email=b@b", "commit", "-qam", "app", "--allow-empty"],
      { cwd: repo },
    );
    execFileSync("git", ["add", "."], { cwd: repo });
    execFileSync("git", ["-c", "user.name=b", "-c", "user.email=b@b", "commit", "-qm", "lock"], {
      cwd: repo,
    });
    registry.seed(packages.map((p) => ({ ...p, versions: p.versions.slice(1) })));
    const settings = { ...defaultConfig().updates, minimumReleaseAgeDays: 0 };
    const npm = new NpmRegistryClient({ baseUrl: registry.url, cacheDir: join(work, "cache") });
    const started = performance.now();
    const inventory = loadInventory(repo, { cwd: repo });
    const registries = new Map([["npm", npm]]);
    const updater = npmChanges.updater({
      projectDir: repo,
      inventory,
      config: { ...defaultConfig(), updates: settings },
      registries,
      env,
      signal: new AbortController().signal,
    });
    if (!updater) throw new Error("the bench project is not an npm project");
    const result = await runUpdates({
      inventory,
      sources: registries,
      registries,
      updaters: new Map([["npm", updater]]),
      projectDir: repo,
      base: "main",
      baseBranch: "main",
      settings,
      recreate: false,
      env,
      cleanup: new CleanupScope(),
      secrets: environmentSecrets(env, "any"),
      descriptionsDir: join(work, "descriptions"),
      labels: [],
      now: new Date(),
      toolVersion: "bench",
    });
    const total = performance.now() - started;
    const made = result.results.filter((r) => r.status === "committed").length;
    const own = total - result.externalMs;
    printRows(`lk update: ${made} of ${count} branches made (no test command)`, [
      { name: "total", ms: total },
      { name: "npm install --package-lock-only (10 runs)", ms: result.externalMs },
      {
        name: "Lockkeeper's own time",
        ms: own,
        baseline: { name: "npm's time", ms: result.externalMs },
        target: { text: "< 2 s", met: own < 2000 },
      },
    ]);
  } finally {
    await registry.close();
    rmSync(work, { recursive: true, force: true });
  }
}

async function median(runs: number, fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}
