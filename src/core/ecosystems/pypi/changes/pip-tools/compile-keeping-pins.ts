import { createHash } from "node:crypto";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { LockkeeperConfig } from "../../../../config/schema.js";
import { isLockkeeperError } from "../../../../errors.js";
import { dirnameRelative, joinRelative } from "../../../../files/project-files.js";
import type { RegistryClients } from "../../../registry-clients.js";
import { type PypiIndexClient, pypiClientOf } from "../../registry/pypi-index-client.js";
import { type CompiledLayer, compileLayer } from "./compile.js";
import type { InputFileChoice } from "./input-files.js";
import { KEPT_PINS_FILE, withoutViaSource } from "./kept-pins.js";

/** How a project's pip-tools layers are compiled (`lk add`, `lk update`). */
export interface PipToolsCompiler {
  /** Releases and the sha256 of every release file for the `--hash` lines. */
  index: PypiIndexClient;
  /** The same index for pip (`--index-url`). */
  indexUrl: string;
  /** `updates.pipTools.compileCommand`; absent → pip's own resolver. */
  compileCommand?: string[];
  /** `updates.pipTools.python`. */
  python?: string;
  env: NodeJS.ProcessEnv;
  /** Stops the resolver and rejects with CANCELLED. */
  signal?: AbortSignal;
}

/**
 * How this project's pip-tools layers are compiled: its index (`registries.pypiIndex` and its
 * client), compile command and Python (`updates.pipTools`), the run's environment and cancellation.
 */
export function pipToolsCompiler(project: {
  config: LockkeeperConfig;
  registries: RegistryClients;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
}): PipToolsCompiler {
  const { compileCommand, python } = project.config.updates.pipTools;
  return {
    index: pypiClientOf(project.registries),
    indexUrl: project.config.registries.pypiIndex,
    python,
    env: project.env,
    signal: project.signal,
    ...(compileCommand && compileCommand.length > 0 ? { compileCommand } : {}),
  };
}

/**
 * Compiles a layer of the project copy in `dir` from `inText`, with `-c` on a constraints file of
 * the pins to keep (when any), then leaves the copy as the project will be: the `.in` as given, no
 * constraints file and no word of it in the lock's `# via` lines.
 */
export async function compileKeepingPins(
  dir: string,
  layer: InputFileChoice,
  inText: string,
  kept: readonly string[],
  compiler: PipToolsCompiler,
): Promise<CompiledLayer> {
  const keptPath = joinRelative(dirnameRelative(layer.inFile), KEPT_PINS_FILE);
  const separator = inText === "" || inText.endsWith("\n") ? "" : "\n";
  const constrainedIn = kept.length > 0 ? `${inText}${separator}-c ${KEPT_PINS_FILE}\n` : inText;
  if (kept.length > 0) writeFileSync(join(dir, keptPath), `${kept.join("\n")}\n`);
  writeFileSync(join(dir, layer.inFile), constrainedIn);
  let compiled: CompiledLayer;
  try {
    compiled = await compileLayer({
      projectDir: dir,
      inFile: layer.inFile,
      outFile: layer.outFile,
      indexUrl: compiler.indexUrl,
      hashesFor: (name, version) => releaseHashes(compiler.index, name, version),
      env: compiler.env,
      ...(compiler.signal ? { signal: compiler.signal } : {}),
      ...(compiler.compileCommand ? { command: compiler.compileCommand } : {}),
      ...(compiler.python ? { python: compiler.python } : {}),
    });
  } finally {
    writeFileSync(join(dir, layer.inFile), inText);
    rmSync(join(dir, keptPath), { force: true });
  }
  const lockPath = join(dir, layer.outFile);
  const lock = readFileSync(lockPath, "utf8");
  writeFileSync(
    lockPath,
    withoutViaSource(lock, (item) => /^-c\s/.test(item) && item.endsWith(KEPT_PINS_FILE)),
  );
  return compiled;
}

/** pip (and pip-compile, uv) explain a resolution that cannot satisfy every requirement. */
export function isConflict(error: unknown): boolean {
  return (
    isLockkeeperError(error) &&
    error.code !== "NETWORK" &&
    /conflict|ResolutionImpossible|unsatisfiable|No solution found/i.test(error.message)
  );
}

/**
 * sha256 of every file of the release; a file the index lists without a digest is downloaded and
 * hashed, as pip-compile does, so the lock installs on every platform the release supports.
 */
export async function releaseHashes(
  index: PypiIndexClient,
  name: string,
  version: string,
): Promise<string[]> {
  const files = await index.fileHashes(name, version);
  return Promise.all(
    files.map(
      async (file) =>
        file.sha256 ??
        createHash("sha256")
          .update(await index.downloadFile(file.url))
          .digest("hex"),
    ),
  );
}
