import { type Pep508Requirement, parsePep508, splitExtras } from "../pep508.js";
import { looksLikeUrlOrPath } from "./source-url.js";

/** A requirement line of a pip requirements file: PEP 508 plus pip's URL, path and option forms. */
export interface PipRequirement extends Omit<Pep508Requirement, "name"> {
  /** As written; absent for a URL or path that does not name its project (`-e .`). */
  name?: string;
  /** Direct reference: `name @ url`, a bare URL or path, or an editable target. */
  url?: string;
  editable: boolean;
  /** `--hash` values as written (`sha256:…`). */
  hashes: string[];
}

export type RequirementLine =
  | { kind: "requirement"; requirement: PipRequirement }
  /** `-r file` (include) or `-c file` (constraint). */
  | { kind: "include"; path: string; constraint: boolean }
  /** A global option pip accepts in requirements files (index URLs, binary policy …): no package. */
  | { kind: "option"; option: string }
  | { kind: "unknown-option"; option: string }
  | { kind: "invalid"; reason: string };

const NAMED_URL = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?\s*(?:\[[^\]]*\])?\s*@/;

/** Options pip allows on their own line in a requirements file (pip/_internal/req/req_file.py). */
const GLOBAL_OPTIONS = new Set([
  "-i",
  "--index-url",
  "--extra-index-url",
  "--no-index",
  "-f",
  "--find-links",
  "--no-binary",
  "--only-binary",
  "--prefer-binary",
  "--require-hashes",
  "--pre",
  "--trusted-host",
  "--use-feature",
  "-Z",
  "--always-unzip",
  "--process-dependency-links",
]);

/**
 * Classifies one logical line (continuations joined, comment removed). Never throws: text that
 * is neither a requirement nor an option comes back as `invalid` with a reason to report.
 */
export function parseRequirementLine(text: string): RequirementLine {
  if (text.startsWith("-")) return parseOptionLine(text);
  const { args, options } = splitArgsAndOptions(text);
  const hashes = hashOptions(options);
  if (!hashes) return { kind: "invalid", reason: "--hash needs a value" };
  const parsed = parseRequirementText(args);
  if (typeof parsed === "string") return { kind: "invalid", reason: parsed };
  parsed.hashes = hashes;
  return { kind: "requirement", requirement: parsed };
}

/**
 * A PEP 508 requirement (`name[extras] (spec) ; markers`, `name @ url ; markers`) or one of pip's
 * URL/path forms. Returns the reason as a string when the text is not one.
 */
export function parseRequirementText(text: string, editable = false): PipRequirement | string {
  const input = text.trim();
  // `.[dev]` is a path with extras; `pkg @ https://…/pkg-1.0.tar.gz` is PEP 508, not a bare URL.
  if (!NAMED_URL.test(input) && looksLikeUrlOrPath(input.replace(/\[[^\]]*\]$/, ""))) {
    return urlRequirement(input, editable);
  }
  const parsed = parsePep508(input);
  return typeof parsed === "string" ? parsed : pipRequirement(parsed, editable);
}

/**
 * Field by field rather than `{ ...parsed }`: a spread of objects with varying optional fields
 * is V8's slow path, and a pip-compile history runs this millions of times (+40% measured).
 */
function pipRequirement(parsed: Pep508Requirement, editable: boolean): PipRequirement {
  const requirement: PipRequirement = { name: parsed.name, extras: parsed.extras, editable, hashes: [] };
  if (parsed.specifier !== undefined) requirement.specifier = parsed.specifier;
  if (parsed.version !== undefined) requirement.version = parsed.version;
  if (parsed.url !== undefined) requirement.url = parsed.url;
  if (parsed.markers !== undefined) requirement.markers = parsed.markers;
  return requirement;
}

function urlRequirement(input: string, editable: boolean): PipRequirement | string {
  // A bare URL or path may still carry markers after whitespace and `;` (pip's `_strip_extras` form).
  const semicolon = /\s;/.exec(input);
  const url = (semicolon ? input.slice(0, semicolon.index) : input).trim();
  if (/\s/.test(url)) return "a URL or path cannot contain spaces";
  const requirement: PipRequirement = { url, extras: [], editable, hashes: [] };
  // `path[extra]` (`.[dev]`): the extras belong to the project, not to the path.
  const [, path, extras] = /^(.*[^\]])\[([^\]]*)\]$/.exec(url) ?? [];
  if (path !== undefined && extras !== undefined && !/[#?]/.test(url)) {
    requirement.url = path;
    requirement.extras = splitExtras(extras);
  }
  if (semicolon) {
    const markers = input.slice(semicolon.index).trim().slice(1).trim();
    if (markers === "") return "empty environment marker after `;`";
    requirement.markers = markers;
  }
  return requirement;
}

/** pip's `break_args_options`: the requirement is everything before the first token starting with `-`. */
function splitArgsAndOptions(text: string): { args: string; options: string } {
  const match = /\s-/.exec(text);
  if (!match) return { args: text, options: "" };
  return { args: text.slice(0, match.index), options: text.slice(match.index + 1) };
}

/**
 * `--hash=sha256:…` or `--hash sha256:…`; other per-requirement options are ignored. Undefined on
 * a dangling `--hash`. Scanned rather than split: pip-compile lines carry dozens of hashes.
 */
function hashOptions(options: string): string[] | undefined {
  const hashes: string[] = [];
  for (let at = options.indexOf("--hash"); at >= 0; at = options.indexOf("--hash", at + 6)) {
    if (at > 0 && !isSpace(options.charCodeAt(at - 1))) continue;
    let start = at + 6;
    if (options.charCodeAt(start) === 61) start++;
    else if (start < options.length && !isSpace(options.charCodeAt(start))) continue; // `--hashes`: another option
    while (isSpace(options.charCodeAt(start))) start++;
    const space = options.indexOf(" ", start);
    let value = options.slice(start, space < 0 ? options.length : space);
    const tab = value.indexOf("\t");
    if (tab >= 0) value = value.slice(0, tab);
    if (value === "" || value.startsWith("-")) return undefined;
    hashes.push(value);
  }
  return hashes;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9;
}

function parseOptionLine(text: string): RequirementLine {
  const { option, value } = splitOption(text);
  switch (option) {
    case "-r":
    case "--requirement":
    case "-c":
    case "--constraint":
      if (!value) return { kind: "invalid", reason: `${option} needs a file name` };
      return { kind: "include", path: value, constraint: option === "-c" || option === "--constraint" };
    case "-e":
    case "--editable": {
      if (!value) return { kind: "invalid", reason: `${option} needs a path or URL` };
      const parsed = parseRequirementText(value, true);
      return typeof parsed === "string"
        ? { kind: "invalid", reason: parsed }
        : { kind: "requirement", requirement: parsed };
    }
    default:
      return GLOBAL_OPTIONS.has(option) ? { kind: "option", option } : { kind: "unknown-option", option };
  }
}

/** `-r file`, `-rfile`, `--requirement=file`, `--requirement file`. */
function splitOption(text: string): { option: string; value: string } {
  if (text.startsWith("--")) {
    const [, option = text, value = ""] = /^(--[A-Za-z0-9-]+)(?:=|\s+|$)(.*)$/.exec(text) ?? [];
    return { option, value: value.trim() };
  }
  const option = text.slice(0, 2);
  return { option, value: text.slice(2).replace(/^=/, "").trim() };
}
