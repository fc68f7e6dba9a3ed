import { looksLikeUrlOrPath } from "./source-url.js";

/** A requirement line of a pip requirements file (PEP 508 plus pip's URL, path and option forms). */
export interface PipRequirement {
  /** As written; absent for a URL or path that does not name its project (`-e .`). */
  name?: string;
  extras: string[];
  /** Version specifiers without spaces or parentheses (`>=1.2,<2`); absent when none. */
  specifier?: string;
  /** The exact version when the specifier pins one (`==1.2`, `===1.2`; not `==1.*`). */
  version?: string;
  /** Direct reference: `name @ url`, a bare URL or path, or an editable target. */
  url?: string;
  editable: boolean;
  markers?: string;
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

const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?/;
const NAMED_URL = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?\s*(?:\[[^\]]*\])?\s*@/;
const CLAUSE = /^(~=|===|==|!=|<=|>=|<|>)\s*([A-Za-z0-9._+!*-]+)$/;

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
  if (input === "") return "empty requirement";
  // `.[dev]` is a path with extras; `pkg @ https://…/pkg-1.0.tar.gz` is PEP 508, not a bare URL.
  if (!NAMED_URL.test(input) && looksLikeUrlOrPath(input.replace(/\[[^\]]*\]$/, ""))) {
    return urlRequirement(input, editable);
  }
  const name = NAME.exec(input)?.[0];
  if (!name) return "not a requirement: a project name must start with a letter or digit";
  const requirement: PipRequirement = { name, extras: [], editable, hashes: [] };
  let rest = input.slice(name.length).trimStart();
  if (rest.startsWith("[")) {
    const close = rest.indexOf("]");
    if (close < 0) return "unclosed extras bracket";
    const extras = rest
      .slice(1, close)
      .split(",")
      .map((extra) => extra.trim())
      .filter((extra) => extra !== "");
    if (extras.some((extra) => !NAME.test(extra) || NAME.exec(extra)?.[0] !== extra))
      return "invalid extra name";
    requirement.extras = extras;
    rest = rest.slice(close + 1).trimStart();
  }
  if (rest.startsWith("@")) {
    // PEP 508: the URL ends at whitespace, so a `;` inside it is not a marker separator.
    const afterAt = rest.slice(1).trimStart();
    const end = afterAt.search(/\s/);
    const url = end < 0 ? afterAt : afterAt.slice(0, end);
    if (url === "") return "`@` without a URL";
    requirement.url = url;
    rest = end < 0 ? "" : afterAt.slice(end).trimStart();
    if (rest !== "" && !rest.startsWith(";")) return `unexpected text after the URL: ${rest}`;
  } else {
    const semicolon = rest.indexOf(";");
    const specifier = semicolon < 0 ? rest : rest.slice(0, semicolon);
    const reason = applySpecifier(requirement, specifier);
    if (reason) return reason;
    rest = semicolon < 0 ? "" : rest.slice(semicolon);
  }
  return applyMarkers(requirement, rest);
}

function urlRequirement(input: string, editable: boolean): PipRequirement | string {
  // A bare URL or path may still carry markers after whitespace and `;` (pip's `_strip_extras` form).
  const marker = /\s;/.exec(input);
  const url = (marker ? input.slice(0, marker.index) : input).trim();
  if (/\s/.test(url)) return "a URL or path cannot contain spaces";
  const requirement: PipRequirement = { url, extras: [], editable, hashes: [] };
  // `path[extra]` (`.[dev]`): the extras belong to the project, not to the path.
  const extras = /^(.*[^\]])\[([^\]]*)\]$/.exec(url);
  if (extras && !/[#?]/.test(url)) {
    requirement.url = extras[1] as string;
    requirement.extras = (extras[2] as string)
      .split(",")
      .map((extra) => extra.trim())
      .filter((extra) => extra !== "");
  }
  return applyMarkers(requirement, marker ? input.slice(marker.index).trimStart() : "");
}

function applySpecifier(requirement: PipRequirement, raw: string): string | undefined {
  let specifier = raw.trim();
  if (specifier.startsWith("(") && specifier.endsWith(")")) specifier = specifier.slice(1, -1).trim();
  if (specifier === "") return undefined;
  const clauses = specifier.split(",").map((clause) => clause.trim());
  for (const clause of clauses) {
    const match = CLAUSE.exec(clause);
    if (!match) return `invalid version specifier "${clause}"`;
    const [, operator, version] = match as unknown as [string, string, string];
    if ((operator === "==" && !version.endsWith("*")) || operator === "===") requirement.version ??= version;
  }
  requirement.specifier = clauses.map((clause) => clause.replace(/\s+/g, "")).join(",");
  return undefined;
}

function applyMarkers(requirement: PipRequirement, rest: string): PipRequirement | string {
  if (rest === "") return requirement;
  if (!rest.startsWith(";")) return `unexpected text: ${rest}`;
  const markers = rest.slice(1).trim();
  if (markers === "") return "empty environment marker after `;`";
  requirement.markers = markers;
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
    const match = /^(--[A-Za-z0-9-]+)(?:=|\s+|$)(.*)$/.exec(text);
    return match
      ? { option: match[1] as string, value: (match[2] as string).trim() }
      : { option: text, value: "" };
  }
  const option = text.slice(0, 2);
  return { option, value: text.slice(2).replace(/^=/, "").trim() };
}
