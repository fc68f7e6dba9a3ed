import { readFileSync } from "node:fs";
import { basename, isAbsolute, join, relative, resolve, sep } from "node:path";
import { LockkeeperError } from "../../../../errors.js";
import { runProcess } from "../../../../process/run-process.js";
import { findExecutable } from "../../../../verify-prod/find-executable.js";
import { normalisePypiName } from "../../names.js";
import { parseRequirementsDocument } from "../../requirements/requirements-document.js";
import { compileWithPip, type PinnedRelease, type PipLayer } from "./pip-resolve.js";
import { toolFailure } from "./tool-failure.js";

export interface CompileLayerOptions {
  projectDir: string;
  /** The layer's `.in` and the lock to write, relative to `projectDir` (or absolute). */
  inFile: string;
  outFile: string;
  indexUrl: string;
  extraIndexUrls?: string[];
  /**
   * The project's configured compile command without files (`["pip-compile", "--generate-hashes"]`,
   * `["uv", "pip", "compile", "--generate-hashes"]`); absent or empty → pip's own resolver.
   */
  command?: string[];
  /** sha256 hex of every file of a release on the index (pip's resolver only). */
  hashesFor: (name: string, version: string) => Promise<string[]>;
  /** The interpreter whose pip resolves (default `python3`): its version and platform decide markers. */
  python?: string;
  /** Environment of the child process. */
  env: NodeJS.ProcessEnv;
  /** Stops the resolver and rejects with CANCELLED. */
  signal?: AbortSignal;
  /** The command the lock's header tells people to run again (default: the pip-compile equivalent). */
  regenerateCommand?: string;
}

/** A compiled layer. */
export interface CompiledLayer {
  /** The lock written, absolute. */
  outFile: string;
  /** What resolved it: `pip`, or the configured command's program. */
  compiler: string;
  /** Every `name==version` pin in the written lock, sorted by (normalised) name. */
  pins: PinnedRelease[];
}

/**
 * Compiles a pip-tools layer into exact pins with hashes: with the project's configured compile
 * command when there is one, else with pip's resolver (`pip install --dry-run --report`),
 * written in pip-compile's layout with the hashes of every file of each release.
 */
export async function compileLayer(options: CompileLayerOptions): Promise<CompiledLayer> {
  const projectDir = resolve(options.projectDir);
  const layer: PipLayer = {
    ...options,
    projectDir,
    inFile: projectPath(projectDir, options.inFile),
    outFile: projectPath(projectDir, options.outFile),
    indexUrls: [options.indexUrl, ...(options.extraIndexUrls ?? [])],
  };
  const [program, ...args] = options.command ?? [];
  const pins =
    program === undefined ? await compileWithPip(layer) : await compileWithCommand(program, args, layer);
  return { outFile: join(projectDir, layer.outFile), compiler: program ?? "pip", pins };
}

interface CommandLayer {
  projectDir: string;
  inFile: string;
  outFile: string;
  indexUrls: PipLayer["indexUrls"];
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal;
}

async function compileWithCommand(
  program: string,
  args: readonly string[],
  layer: CommandLayer,
): Promise<PinnedRelease[]> {
  const executable = findExecutable(program, layer.env);
  if (!executable) {
    throw new LockkeeperError("NOT_FOUND", `the configured compile command ${program} is not on PATH`, {
      hint: `install it (${[program, ...args].join(" ")}), or configure no compile command to use pip's own resolver`,
    });
  }
  const [indexUrl, ...extraUrls] = layer.indexUrls;
  const indexArgs = ["--index-url", indexUrl, ...extraUrls.flatMap((url) => ["--extra-index-url", url])];
  // uv takes `-o`; pip-compile (also as `python -m piptools compile`) `--output-file`.
  const uv = /^uv(\.exe)?$/i.test(basename(program));
  const fileArgs = [uv ? "-o" : "--output-file", layer.outFile, layer.inFile];
  const outcome = await runProcess(executable, [...args, ...indexArgs, ...fileArgs], {
    cwd: layer.projectDir,
    env: layer.env,
    ...(layer.signal ? { signal: layer.signal } : {}),
  });
  if (outcome.exitCode !== 0) {
    throw toolFailure(
      { tool: basename(program), inFile: layer.inFile, indexUrls: layer.indexUrls },
      outcome.outputTail,
    );
  }
  let content: string;
  try {
    content = readFileSync(join(layer.projectDir, layer.outFile), "utf8");
  } catch {
    throw new LockkeeperError("NOT_FOUND", `${program} succeeded but wrote no ${layer.outFile}`);
  }
  const pins: PinnedRelease[] = [];
  for (const { requirement } of parseRequirementsDocument(content).entries) {
    if (requirement.name && requirement.version) {
      pins.push({ name: normalisePypiName(requirement.name), version: requirement.version });
    }
  }
  return pins.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** A path relative to the project directory with forward slashes: how pip-compile names files. */
function projectPath(projectDir: string, path: string): string {
  const relativePath = isAbsolute(path) ? relative(projectDir, path) : path;
  return relativePath.split(sep).join("/");
}
