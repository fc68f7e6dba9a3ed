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
import type { AdvisoryStore } from "../../../../advisories/store/advisory-store.js";
import { LockkeeperError } from "../../../../errors.js";
import { DiskFiles } from "../../../../files/project-files.js";
import { SKIPPED_DIRECTORIES } from "../../../../inventory/detect-lockfiles.js";
import type { Inventory } from "../../../../model/types.js";
import { type ChangeSummary, summariseChange } from "../../../../updates/change-summary.js";
import { type VetProblem, type VetSettings, vetChange } from "../../../../updates/vet.js";
import { requirementsParser } from "../../lockfiles/requirements.js";
import { normalisePypiName } from "../../names.js";
import { parsePypiAddRequest, requirementText } from "../pypi-add-request.js";
import { pypiCandidates, requestedRelease } from "../pypi-vetting.js";
import { compileKeepingPins, isConflict, type PipToolsCompiler } from "./compile-keeping-pins.js";
import {
  addRequirementLine,
  type ChosenLayer,
  chooseInputFile,
  type InputFileChoice,
} from "./input-files.js";
import { keptPinConstraints } from "./kept-pins.js";

export interface PipToolsAddRequest {
  /** `name`, `name@<specifier>` or a PEP 508 requirement. */
  spec: string;
  dev: boolean;
  /** Write `==` the version pip would choose instead of the requested specifier. */
  exact: boolean;
  /** The `.in` to add to (relative to the project), instead of the conventional choice. */
  inFile?: string;
}

export interface PipToolsAddContext extends PipToolsCompiler {
  projectDir: string;
  advisories?: AdvisoryStore;
  vet: VetSettings;
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
    const summary = await summariseChange(
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
export async function applyPipToolsAdd(
  plan: PipToolsAddPlan,
  context: PipToolsAddContext,
): Promise<PipToolsAddResult> {
  const before = lockInventory(context.projectDir, plan.layer.outFile);
  writeFileSync(join(context.projectDir, plan.layer.inFile), plan.inText);
  writeFileSync(join(context.projectDir, plan.layer.outFile), plan.lockText);
  const after = lockInventory(context.projectDir, plan.layer.outFile);
  const warnings = plan.layer.dependents.map(
    (dependent) =>
      `${dependent.inFile} builds on ${plan.layer.inFile}: recompile ${dependent.outFile} (${recompileCommand(dependent, context.compileCommand)})`,
  );
  return { summary: await summariseChange(before, after, context.advisories), warnings };
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
  const [program, ...args] = command ?? [];
  if (program === undefined) {
    return `pip-compile --allow-unsafe --generate-hashes --output-file=${layer.outFile} ${layer.inFile}`;
  }
  const uv = /^uv(\.exe)?$/i.test(basename(program));
  return `${[program, ...args].join(" ")} ${uv ? "-o" : "--output-file"} ${layer.outFile} ${layer.inFile}`;
}
