import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LockkeeperError } from "../../../../errors.js";
import { DiskFiles } from "../../../../files/project-files.js";
import { redactUrl } from "../../../../http/urls.js";
import { runProcess } from "../../../../process/run-process.js";
import { normalisePypiName } from "../../names.js";
import { type LayerSources, layerSources, readInputTree } from "./input-tree.js";
import { type LockEntry, lockHeader, renderLock } from "./lock-text.js";
import { writePipInput } from "./pip-input.js";
import { type PipReport, parsePipReport } from "./pip-report.js";
import { toolFailure } from "./tool-failure.js";
import { annotate } from "./via-annotations.js";

/** One `name==version` of a compiled lock (normalised name). */
export interface PinnedRelease {
  name: string;
  version: string;
}

/** A layer to compile with pip's resolver; paths relative to `projectDir`, forward slashes. */
export interface PipLayer {
  projectDir: string;
  inFile: string;
  outFile: string;
  /** The index first, then the extra ones. */
  indexUrls: readonly [string, ...string[]];
  hashesFor: (name: string, version: string) => Promise<string[]>;
  python?: string;
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  regenerateCommand?: string;
}

/**
 * Resolves the layer with `pip install --dry-run --ignore-installed --report` (pip applies the
 * `-c` constraints itself) and writes the lock pip-compile would write, hashes of every release
 * file from `hashesFor`. The lock is only replaced once everything succeeded.
 */
export async function compileWithPip(layer: PipLayer): Promise<PinnedRelease[]> {
  const python = layer.python ?? "python3";
  const tree = readInputTree(new DiskFiles(layer.projectDir), layer.inFile);
  const workDir = mkdtempSync(join(tmpdir(), "lk-pip-compile-"));
  try {
    const input = writePipInput(tree, workDir, layer.projectDir);
    const reportPath = join(workDir, "report.json");
    const [indexUrl, ...extraUrls] = layer.indexUrls;
    // Not --quiet: pip explains a conflict ("The conflict is caused by: …") only at info level.
    const args = ["-m", "pip", "install", "--dry-run", "--ignore-installed", "--no-input"];
    args.push("--disable-pip-version-check", "--report", reportPath, "--index-url", indexUrl);
    for (const url of extraUrls) args.push("--extra-index-url", url);
    args.push("-r", input.entry);
    const outcome = await runProcess(python, args, {
      cwd: layer.projectDir,
      env: layer.env,
      ...(layer.signal ? { signal: layer.signal } : {}),
    });
    if (outcome.exitCode === null && /ENOENT/.test(outcome.outputTail)) {
      throw new LockkeeperError("NOT_FOUND", `${python} is not on PATH: pip's resolver needs it`, {
        hint: "install Python 3 with pip, or configure a compile command (pip-compile, uv pip compile)",
      });
    }
    if (outcome.exitCode !== 0) {
      const context = {
        tool: "pip",
        inFile: layer.inFile,
        indexUrls: layer.indexUrls,
        renames: input.renames,
      };
      throw toolFailure(context, outcome.outputTail);
    }
    const report = parsePipReport(readFileSync(reportPath, "utf8"));
    const entries = await lockEntries(report, layerSources(tree), layer);
    const producedBy = `lockkeeper with pip's resolver (pip ${report.pipVersion}, Python ${report.environment.python_version ?? "unknown"})`;
    const regenerate =
      layer.regenerateCommand ??
      `pip-compile --allow-unsafe --generate-hashes --output-file=${layer.outFile} ${layer.inFile}`;
    writeAtomically(
      join(layer.projectDir, layer.outFile),
      renderLock(lockHeader(producedBy, regenerate), entries),
    );
    return entries
      .map((entry) => ({ name: entry.name, version: entry.version }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

async function lockEntries(report: PipReport, sources: LayerSources, layer: PipLayer): Promise<LockEntry[]> {
  const annotations = annotate(report.install, report.environment, sources);
  return Promise.all(
    report.install.map(async (item): Promise<LockEntry> => {
      const name = normalisePypiName(item.name);
      const { extras, via } = annotations.get(name) ?? { extras: [], via: [] };
      const entry: LockEntry = { name, extras, version: item.version, hashes: [], via };
      const marker = item.requested ? sources.markers.get(name) : undefined;
      if (marker) entry.marker = marker;
      if (item.directUrl !== undefined) {
        // Not an index release: the archive pip fetched is the only file there is.
        entry.url = item.directUrl;
        if (item.downloadedSha256) entry.hashes = [item.downloadedSha256];
      } else {
        entry.hashes = await releaseHashes(layer, item.name, item.version, item.downloadedSha256);
      }
      return entry;
    }),
  );
}

/**
 * Every file of the release, so the lock installs on any platform the release supports. The file
 * pip fetched is among them unless the index lists files differently from what it serves; it is
 * added then, as pip has just checked it came from this index.
 */
async function releaseHashes(
  layer: PipLayer,
  name: string,
  version: string,
  downloaded?: string,
): Promise<string[]> {
  const hashes = (await layer.hashesFor(name, version)).map((hash) => hash.toLowerCase());
  if (hashes.length === 0) {
    throw new LockkeeperError(
      "NOT_FOUND",
      `the index lists no files with sha256 digests for ${name}==${version}`,
      {
        hint: `a lock with --hash lines needs a digest for every file: check ${layer.indexUrls.map(redactUrl).join(", ")}`,
      },
    );
  }
  const fetched = downloaded?.toLowerCase();
  if (fetched && !hashes.includes(fetched)) hashes.push(fetched);
  return hashes;
}

/** Never leaves a half-written lock behind. */
function writeAtomically(path: string, content: string): void {
  const temporary = `${path}.lk-${process.pid}.tmp`;
  writeFileSync(temporary, content);
  renameSync(temporary, path);
}
