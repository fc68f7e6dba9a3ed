import { existsSync } from "node:fs";
import { join } from "node:path";
import { LockkeeperError } from "../../../../errors.js";
import { DiskFiles } from "../../../../files/project-files.js";
import { readRegularFile } from "../../../../files/read-regular-file.js";
import { normalisePypiName } from "../../names.js";
import { siblingInput } from "../../requirements/layering.js";
import { pep440Versioning } from "../../versioning.js";
import type { CompiledLayer } from "./compile.js";
import { compileKeepingPins, isConflict, type PipToolsCompiler } from "./compile-keeping-pins.js";
import { chooseInputFile, type InputFileChoice } from "./input-files.js";
import { keptPinConstraints } from "./kept-pins.js";

/** One package's pin to move in a pip-tools lock (relative to the project). */
export interface PinMove {
  name: string;
  to: string;
  lockfile: string;
}

/** The pip-tools `.in` a lock is compiled from, when the project has one beside it. */
export function pipToolsInputOf(projectDir: string, lockfile: string): string | undefined {
  const input = siblingInput(lockfile);
  return input !== undefined && existsSync(join(projectDir, input)) ? input : undefined;
}

/**
 * `lk update` in a pip-tools project (`dir` is the update's worktree): each lock holding a moved
 * package is compiled again from its unchanged `.in`, with `name==to` as a constraint and every
 * other pin kept; then the layers built on it (`-r` it, or `-c` its lock), the same way, so their
 * locks agree. When the kept pins cannot stay (the new release needs others), the layer is resolved
 * with only the moves held, and the returned notes say so. Throws USAGE for a lock without a `.in`.
 */
export async function movePipToolsPins(
  dir: string,
  moves: readonly PinMove[],
  compiler: PipToolsCompiler,
): Promise<string[]> {
  const notes: string[] = [];
  const targets = moves.map((move) => `${move.name}==${move.to}`);
  const names = moves.map((move) => move.name);
  const compiled = new Set<string>();
  for (const lockfile of new Set(moves.map((move) => move.lockfile))) {
    const inFile = pipToolsInputOf(dir, lockfile);
    if (inFile === undefined) {
      throw new LockkeeperError(
        "USAGE",
        `${lockfile} has no pip-tools input (.in) beside it: lk update recompiles pip-tools layers only`,
      );
    }
    const layer = chooseInputFile(new DiskFiles(dir), { dev: false, inFile });
    for (const each of [layer, ...layer.dependents]) {
      if (compiled.has(each.outFile) || !existsSync(join(dir, each.outFile))) continue;
      compiled.add(each.outFile);
      const result = await recompile(dir, each, names, targets, compiler, notes);
      if (each === layer)
        checkMoved(
          result,
          moves.filter((move) => move.lockfile === lockfile),
        );
    }
  }
  return notes;
}

async function recompile(
  dir: string,
  layer: InputFileChoice,
  names: readonly string[],
  targets: readonly string[],
  compiler: PipToolsCompiler,
  notes: string[],
): Promise<CompiledLayer> {
  const inText = readRegularFile(join(dir, layer.inFile), layer.inFile);
  const kept = keptPinConstraints(readRegularFile(join(dir, layer.outFile), layer.outFile), names);
  try {
    return await compileKeepingPins(dir, layer, inText, [...kept, ...targets], compiler);
  } catch (error: unknown) {
    if (kept.length === 0 || !isConflict(error)) throw error;
    notes.push(`the new versions do not fit the other pins of ${layer.outFile}: some of them moved too`);
    return compileKeepingPins(dir, layer, inText, targets, compiler);
  }
}

/** Every move must have landed: a marker that leaves the package out is not an update. */
function checkMoved(layer: CompiledLayer, moves: readonly PinMove[]): void {
  for (const move of moves) {
    const pin = layer.pins.find((each) => each.name === normalisePypiName(move.name));
    if (!pin || pep440Versioning.compare(pin.version, move.to) !== 0) {
      throw new LockkeeperError(
        "USAGE",
        `${layer.compiler} pinned ${move.name} ${pin ? `at ${pin.version}` : "nowhere"} instead of ${move.to}`,
      );
    }
  }
}
