import { LockkeeperError } from "../../../../errors.js";
import { joinRelative, type ProjectFiles } from "../../../../files/project-files.js";
import { normalisePypiName } from "../../names.js";
import { constraintLock, includePath, scopeFromFileName, siblingInput } from "../../requirements/layering.js";
import { parseRequirementLine, parseRequirementText } from "../../requirements/requirement-line.js";
import { parseRequirementsDocument } from "../../requirements/requirements-document.js";
import { logicalLineRanges } from "./line-ranges.js";

/** A pip-tools layer: the `.in` a person edits and the `.txt` pip-compile writes from it. */
export interface InputFileChoice {
  /** Relative to the project files' base. */
  inFile: string;
  outFile: string;
}

export interface ChosenLayer extends InputFileChoice {
  /**
   * Layers built on this one (`-r` it, or `-c` its lock), nearest first: their locks repeat this
   * layer's pins, so they are compiled again after it.
   */
  dependents: InputFileChoice[];
}

export interface ChooseInputOptions {
  dev: boolean;
  /** The user's own choice (`--in-file`): checked, never second-guessed. */
  inFile?: string;
}

/** Where pip-tools projects keep their inputs. */
const DIRECTORIES = [".", "requirements"];
const STEMS = [
  "main",
  "base",
  "prod",
  "production",
  "common",
  "deploy",
  "dev",
  "devel",
  "develop",
  "development",
  "test",
  "tests",
  "testing",
  "lint",
  "docs",
  "typing",
  "ci",
];
/** Names chosen without asking, best first; names of one rank are equally good (ambiguous). */
const PROD_RANKS = [["main"], ["requirements"], ["base"], ["prod", "production"]];
const DEV_RANKS = [
  ["dev", "devel", "develop", "development"],
  ["test", "tests", "testing"],
];

interface Layer {
  path: string;
  includes: string[];
  constraints: string[];
}

/**
 * Finds the pip-tools layer `lk add` edits: for production the input no other layer constrains,
 * by conventional name (`main.in`, `requirements.in`, `base.in` …); for `--dev` the dev layer
 * (`dev.in`, `requirements-dev.in`, then `test.in` …). Throws USAGE when two layers fit equally
 * well, NOT_FOUND when none does.
 */
export function chooseInputFile(files: ProjectFiles, options: ChooseInputOptions): ChosenLayer {
  const layers = discoverLayers(files);
  if (options.inFile !== undefined) return chosen(explicitLayer(files, options.inFile), layers);
  const scope = options.dev ? "dev" : "prod";
  const fitting = [...layers.values()].filter((layer) => scopeFromFileName(layer.path) === scope);
  // A prod layer with `-c` sits on another one (deploy.in on main.txt): not the base to add to.
  const bases = options.dev ? fitting : fitting.filter((layer) => layer.constraints.length === 0);
  const candidates = bases.length > 0 ? bases : fitting;
  if (candidates.length === 0) throw noLayer(scope, layers);
  for (const rank of options.dev ? DEV_RANKS : PROD_RANKS) {
    const ranked = candidates.filter((layer) => rank.includes(stemOf(layer.path)));
    if (ranked.length > 1) throw ambiguous(scope, ranked);
    const [only] = ranked;
    if (only) return chosen(only, layers);
  }
  const [only, ...others] = candidates;
  if (only && others.length === 0) return chosen(only, layers);
  throw ambiguous(scope, candidates);
}

/** Every `.in` at a conventional place, and every `.in` those name with `-r`/`-c` (transitively). */
function discoverLayers(files: ProjectFiles): Map<string, Layer> {
  const layers = new Map<string, Layer>();
  const queue: string[] = [];
  for (const dir of DIRECTORIES) {
    queue.push(joinRelative(dir, "requirements.in"));
    for (const stem of STEMS) {
      for (const name of [`${stem}.in`, `requirements-${stem}.in`, `requirements_${stem}.in`]) {
        queue.push(joinRelative(dir, name));
      }
      queue.push(joinRelative(dir, `${stem}-requirements.in`), joinRelative(dir, `${stem}_requirements.in`));
    }
  }
  for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
    if (layers.has(path)) continue;
    const content = files.readText(path);
    if (content === undefined) continue;
    const layer: Layer = { path, includes: [], constraints: [] };
    for (const include of parseRequirementsDocument(content).includes) {
      const target = asInput(includePath(path, include.path));
      if (target === undefined) continue;
      (include.constraint ? layer.constraints : layer.includes).push(target);
      queue.push(target);
    }
    layers.set(path, layer);
  }
  // A shared `-c constraints.txt` with no `.in` behind it is not a layer this one sits on.
  for (const layer of layers.values()) {
    layer.includes = layer.includes.filter((target) => layers.has(target));
    layer.constraints = layer.constraints.filter((target) => layers.has(target));
  }
  return layers;
}

/** `-r base.in` and `-c main.txt` both name a layer, by its input. */
function asInput(path: string): string | undefined {
  return path.endsWith(".in") ? path : siblingInput(path);
}

function explicitLayer(files: ProjectFiles, written: string): Layer {
  const path = joinRelative(written);
  if (!path.endsWith(".in")) {
    throw new LockkeeperError("USAGE", `${written} is not a pip-tools input file (.in)`, {
      hint: "name the .in file that pip-compile compiles (e.g. requirements/main.in)",
    });
  }
  if (files.readText(path) === undefined) {
    throw new LockkeeperError("NOT_FOUND", `${files.display(path)} does not exist`);
  }
  return { path, includes: [], constraints: [] };
}

function chosen(layer: Layer, layers: Map<string, Layer>): ChosenLayer {
  const dependents: InputFileChoice[] = [];
  const seen = new Set([layer.path]);
  const queue = [layer.path];
  for (let base = queue.shift(); base !== undefined; base = queue.shift()) {
    const next = [...layers.values()]
      .filter((other) => !seen.has(other.path))
      .filter((other) => other.includes.includes(base) || other.constraints.includes(base))
      .map((other) => other.path)
      .sort();
    for (const path of next) {
      seen.add(path);
      dependents.push(choice(path));
      queue.push(path);
    }
  }
  return { ...choice(layer.path), dependents };
}

function choice(inFile: string): InputFileChoice {
  return { inFile, outFile: constraintLock(inFile) };
}

/** `requirements/dev.in`, `requirements-dev.in`, `dev_requirements.in` → `dev`. */
function stemOf(path: string): string {
  const base = path.slice(path.lastIndexOf("/") + 1, -".in".length).toLowerCase();
  if (base === "requirements") return base;
  return base.replace(/^requirements[-_.]/, "").replace(/[-_.]requirements$/, "");
}

function ambiguous(scope: "prod" | "dev", layers: Layer[]): LockkeeperError {
  const names = layers.map((layer) => layer.path).sort();
  return new LockkeeperError(
    "USAGE",
    `more than one pip-tools ${scope} layer could take the requirement: ${names.join(", ")}`,
    { hint: `choose one with --in-file (e.g. --in-file ${names[0]})` },
  );
}

function noLayer(scope: "prod" | "dev", layers: Map<string, Layer>): LockkeeperError {
  const found = [...layers.keys()].sort();
  const seen = found.length > 0 ? ` (found only ${found.join(", ")})` : "";
  return new LockkeeperError("NOT_FOUND", `no pip-tools ${scope} input file${seen}`, {
    hint:
      scope === "dev"
        ? "create requirements/dev.in (with `-c main.txt` to keep shared pins equal) or pass --in-file"
        : "create requirements/main.in or pass --in-file",
  });
}

/** What `addRequirementLine` did. */
export interface AddedLine {
  text: string;
  /** Whether a line for the same package was replaced (rather than a new one added). */
  replaced: boolean;
  /** The replaced requirement as it was written. */
  previous?: string;
}

/**
 * Adds a requirement to a `.in` file, or replaces the line of the same package (PEP 503 names),
 * keeping comments, order and line endings. A new line goes where it keeps the file sorted when it
 * is, after the last requirement otherwise.
 */
export function addRequirementLine(text: string, requirement: string): AddedLine {
  const wanted = requirement.trim();
  const parsed = parseRequirementText(wanted);
  if (typeof parsed === "string") throw new LockkeeperError("USAGE", `${wanted}: ${parsed}`);
  if (!parsed.name) {
    throw new LockkeeperError("USAGE", `${wanted} does not name its package`, {
      hint: "write it as name @ url",
    });
  }
  const name = normalisePypiName(parsed.name);
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const lines = text.split(/\r?\n/);
  const entries = requirementEntries(lines);
  const same = entries.filter((entry) => entry.name === name);
  if (same.length > 1) {
    throw new LockkeeperError(
      "USAGE",
      `${parsed.name} is required on several lines (${same.map((entry) => entry.first + 1).join(", ")})`,
      { hint: "keep one line for it (markers can be combined with `or`), then run again" },
    );
  }
  const existing = same[0];
  if (existing) {
    // The comment sits on the entry's last physical line.
    const comment = commentSuffix(lines[existing.last] ?? "");
    lines.splice(existing.first, existing.last - existing.first + 1, `${wanted}${comment}`);
    return { text: lines.join(eol), replaced: true, previous: existing.text };
  }
  const at = insertionIndex(entries, name, lines);
  lines.splice(at, 0, wanted);
  // `split` leaves a final "" for a trailing newline; a file without one gets it before the new line.
  if (at === lines.length - 1) lines.push("");
  return { text: lines.join(eol), replaced: false };
}

interface Entry {
  name: string;
  text: string;
  /** First and last physical line (0-based), continuations included. */
  first: number;
  last: number;
}

function requirementEntries(lines: string[]): Entry[] {
  const entries: Entry[] = [];
  for (const { logical, first, last } of logicalLineRanges(lines)) {
    if (logical.text === "") continue;
    const parsed = parseRequirementLine(logical.text);
    if (parsed.kind !== "requirement" || !parsed.requirement.name) continue;
    entries.push({ name: normalisePypiName(parsed.requirement.name), text: logical.text, first, last });
  }
  return entries;
}

function insertionIndex(entries: Entry[], name: string, lines: string[]): number {
  const sorted = entries.every((entry, i) => {
    const previous = entries[i - 1];
    return previous === undefined || previous.name <= entry.name;
  });
  const [firstEntry] = entries;
  if (firstEntry && entries.length >= 2 && sorted) {
    const before = entries.filter((entry) => entry.name < name);
    const after = before.at(-1);
    return after ? after.last + 1 : firstEntry.first;
  }
  const lastEntry = entries.at(-1);
  if (lastEntry) return lastEntry.last + 1;
  const hasTrailingNewline = lines.at(-1) === "";
  return hasTrailingNewline ? lines.length - 1 : lines.length;
}

/** The whitespace and comment after a requirement (`kombu[redis]  # see #1577`), kept on replace. */
function commentSuffix(line: string): string {
  const [, comment = ""] = /(\s+#.*)$/.exec(line) ?? [];
  return comment;
}
