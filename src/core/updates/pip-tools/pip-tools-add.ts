import { createHash } from "node:crypto";
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative } from "node:path";
import { requirementsParser } from "../../ecosystems/pypi/lockfiles/requirements.js";
import { normalisePypiName } from "../../ecosystems/pypi/names.js";
import type { PypiIndexClient } from "../../ecosystems/pypi/registry/pypi-index-client.js";
import { isLockkeeperError, LockkeeperError } from "../../errors.js";
import { DiskFiles, dirnameRelative, joinRelative } from "../../files/project-files.js";
import type { AdvisoryLookup } from "../../findings/scan.js";
import { SKIPPED_DIRECTORIES } from "../../inventory/detect-lockfiles.js";
import type { Inventory } from "../../model/types.js";
import { type ChangeSummary, summariseChange } from "../change-summary.js";
import { parsePypiAddRequest, requirementText } from "../pypi-add-request.js";
import { pypiCandidates, requestedRelease } from "../pypi-vetting.js";
import { type VetProblem, type VetSettings, vetChange } from "../vet.js";
import { type CompiledLayer, compileLayer } from "./compile.js";
import {
  addRequirementLine,
  type ChosenLayer,
  chooseInputFile,
  type InputFileChoice,
} from "./input-files.js";
import { KEPT_PINS_FILE, keptPinConstraints, withoutViaSource } from "./kept-pins.js";

export interface PipToolsAddRequest {
  /** `name`, `name@<specifier>` or a PEP 508 requirement. */
  spec: string;
  dev: boolean;
  /** Write `==` the version pip would choose instead of the requested specifier. */
  exact: boolean;
  /** The `.in` to add to (relative to the project), instead of the conventional choice. */
  inFile?: string;
}

export interface PipToolsAddContext {
  projectDir: string;
  /** Releases to vet, and the sha256 of every release file for the `--hash` lines. */
  index: PypiIndexClient;
  /** The same index for pip (`--index-url`). */
  indexUrl: string;
  /** `updates.pipTools.compileCommand`; absent → pip's own resolver. */
  compileCommand?: string[];
  /** `updates.pipTools.python`. */
  python?: string;
  advisories?: AdvisoryLookup;
  vet: VetSettings;
  env: NodeJS.ProcessEnv;
}

/** What adding a requirement would do, worked out in a scratch copy of the requirement files. */
export interface PipToolsAddPlan {
  /** As requested. */
  name: string;
  /** The version the layer's lock pins. */
  version: string;
  layer: ChosenLayer;
  /** The requirement written to the `.in`. */
  line: string;
  /** The `.in` and the compiled lock to write, exactly as vetted. */
  inText: string;
  lockText: string;
  summary: ChangeSummary;
  problems: VetProblem[];
  /** Things the user should know before the change is made (pins that had to move). */
  warnings: string[];
}

/** What applying did, and what is left to the user. */
export interface PipToolsAddResult {
  summary: ChangeSummary;
  /** Layers built on the changed one, to recompile. */
  warnings: string[];
}

/**
 * Adds the requirement to the chosen layer's `.in` in a scratch copy of the project's requirement
 * files and compiles that layer, keeping every other pin of its lock where it is (retried once
 * without them when they conflict with the new requirement), then vets every package the lock
 * gains or moves: vulnerabilities, licences, release age, yanked releases.
 */
export async function planPipToolsAdd(
  request: PipToolsAddRequest,
  context: PipToolsAddContext,
): Promise<PipToolsAddPlan> {
  const wanted = parsePypiAddRequest(request.spec);
  const files = new DiskFiles(context.projectDir);
  const layer = chooseInputFile(files, {
    dev: request.dev,
    ...(request.inFile !== undefined ? { inFile: request.inFile } : {}),
  });
  const releases = await requestedRelease(context.index, wanted, context.indexUrl);
  const line = requirementText(wanted, request.exact ? releases.chosen.version : undefined);
  const inText = addRequirementLine(files.readText(layer.inFile) ?? "", line).text;
  const currentLock = files.readText(layer.outFile);
  const scratch = mkdtempSync(join(tmpdir(), "lk-add-pip-"));
  try {
    copyRequirementFiles(context.projectDir, scratch);
    const kept = currentLock === undefined ? [] : keptPinConstraints(currentLock, wanted.name);
    const warnings: string[] = [];
    const compiled = await compileKeepingPins(scratch, layer, inText, kept, context).catch(
      async (error: unknown) => {
        if (kept.length === 0 || !isConflict(error)) throw error;
        warnings.push(
          `${wanted.name} does not fit the current pins of ${layer.outFile}: the layer was resolved afresh, so other pins moved too (see the change below)`,
        );
        return compileKeepingPins(scratch, layer, inText, [], context);
      },
    );
    const key = normalisePypiName(wanted.name);
    const version = compiled.pins.find((pin) => pin.name === key)?.version;
    if (version === undefined) {
      throw new LockkeeperError(
        "NOT_FOUND",
        `${compiled.compiler} did not pin ${wanted.name} in ${layer.outFile}`,
        { hint: "an environment marker that does not hold for this Python leaves it out" },
      );
    }
    const lockText = readFileSync(join(scratch, layer.outFile), "utf8");
    const summary = summariseChange(
      lockInventory(context.projectDir, layer.outFile),
      lockInventory(scratch, layer.outFile),
      context.advisories,
    );
    const candidates = await pypiCandidates(summary, wanted.name, context.index, releases.project);
    const problems = vetChange(candidates, summary.introduced, context.vet);
    return { name: wanted.name, version, layer, line, inText, lockText, summary, problems, warnings };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Writes the vetted `.in` and lock into the project: the two files pip-tools itself writes. Layers
 * built on this one (`-r` it or `-c` its lock) repeat its pins, so the result names them to
 * recompile.
 */
export function applyPipToolsAdd(plan: PipToolsAddPlan, context: PipToolsAddContext): PipToolsAddResult {
  const before = lockInventory(context.projectDir, plan.layer.outFile);
  writeFileSync(join(context.projectDir, plan.layer.inFile), plan.inText);
  writeFileSync(join(context.projectDir, plan.layer.outFile), plan.lockText);
  const after = lockInventory(context.projectDir, plan.layer.outFile);
  const warnings = plan.layer.dependents.map(
    (dependent) =>
      `${dependent.inFile} builds on ${plan.layer.inFile}: recompile ${dependent.outFile} (${recompileCommand(dependent, context.compileCommand)})`,
  );
  return { summary: summariseChange(before, after, context.advisories), warnings };
}

/** Compiles the scratch layer with `-c` on a constraints file of the pins to keep (when any). */
async function compileKeepingPins(
  scratch: string,
  layer: InputFileChoice,
  inText: string,
  kept: readonly string[],
  context: PipToolsAddContext,
): Promise<CompiledLayer> {
  const keptPath = joinRelative(dirnameRelative(layer.inFile), KEPT_PINS_FILE);
  const separator = inText === "" || inText.endsWith("\n") ? "" : "\n";
  const scratchIn = kept.length > 0 ? `${inText}${separator}-c ${KEPT_PINS_FILE}\n` : inText;
  if (kept.length > 0) writeFileSync(join(scratch, keptPath), `${kept.join("\n")}\n`);
  writeFileSync(join(scratch, layer.inFile), scratchIn);
  const compiled = await compileLayer({
    projectDir: scratch,
    inFile: layer.inFile,
    outFile: layer.outFile,
    indexUrl: context.indexUrl,
    hashesFor: (name, version) => releaseHashes(context.index, name, version),
    env: context.env,
    ...(context.compileCommand ? { command: context.compileCommand } : {}),
    ...(context.python ? { python: context.python } : {}),
  });
  // The scratch copy is left as the project will be: the `.in` as edited, no word of the constraints.
  writeFileSync(join(scratch, layer.inFile), inText);
  rmSync(join(scratch, keptPath), { force: true });
  const lockPath = join(scratch, layer.outFile);
  const lock = readFileSync(lockPath, "utf8");
  writeFileSync(
    lockPath,
    withoutViaSource(lock, (item) => /^-c\s/.test(item) && item.endsWith(KEPT_PINS_FILE)),
  );
  return compiled;
}

/** pip (and pip-compile, uv) explain a resolution that cannot satisfy every requirement. */
function isConflict(error: unknown): boolean {
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
async function releaseHashes(index: PypiIndexClient, name: string, version: string): Promise<string[]> {
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

/** The lock of one layer as an inventory (empty when it does not exist yet). */
function lockInventory(dir: string, lockPath: string): Inventory {
  const files = new DiskFiles(dir);
  const content = files.readText(lockPath);
  if (content === undefined) return { target: dir, snapshots: [] };
  return { target: dir, snapshots: [requirementsParser.parse({ path: lockPath, content, files })] };
}

/** Every pip requirements input and lock of the project, nothing else (sources stay behind). */
function copyRequirementFiles(from: string, to: string): void {
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) walk(path);
      } else if (entry.isFile() && /\.(in|txt)$/i.test(entry.name)) {
        const target = join(to, relative(from, path));
        mkdirSync(dirname(target), { recursive: true });
        copyFileSync(path, target);
      }
    }
  };
  walk(from);
}

/** What the user runs to bring a dependent layer up to date. */
function recompileCommand(layer: InputFileChoice, command: readonly string[] | undefined): string {
  if (!command || command.length === 0) {
    return `pip-compile --allow-unsafe --generate-hashes --output-file=${layer.outFile} ${layer.inFile}`;
  }
  const uv = /^uv(\.exe)?$/i.test(basename(command[0] as string));
  return `${command.join(" ")} ${uv ? "-o" : "--output-file"} ${layer.outFile} ${layer.inFile}`;
}
