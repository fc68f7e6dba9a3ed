import { type LogicalLine, readLogicalLines } from "./logical-lines.js";
import { type PipRequirement, parseRequirementLine } from "./requirement-line.js";

/**
 * pip-compile's `# via` annotation of one requirement: who asked for it. pip-tools writes the
 * input files as `-r requirements/main.in`, constraint files as `-c requirements/main.txt`,
 * pyproject sources as `project (pyproject.toml)`, and packages by name.
 */
export interface ViaAnnotation {
  /** Names of the packages that depend on this one. */
  packages: string[];
  /** Input files (`-r x.in`, `project (pyproject.toml)`) that declare it: a direct dependency. */
  inputs: string[];
  /** Constraint files (`-c x.txt`) that pinned it. */
  constraints: string[];
}

export interface RequirementEntry {
  line: number;
  /** The line as written (continuations joined, comment removed). */
  text: string;
  requirement: PipRequirement;
  via?: ViaAnnotation;
}

export interface IncludeLine {
  line: number;
  path: string;
  constraint: boolean;
}

/** One requirements file read on its own: includes are listed, not followed. */
export interface RequirementsDocument {
  /** The tool that wrote the file, from its header: `pip-compile`, `uv-pip-compile`, or undefined. */
  generator?: string;
  entries: RequirementEntry[];
  includes: IncludeLine[];
  /** Whether any requirement carries a `# via` annotation (pip-compile with annotations on). */
  annotated: boolean;
  /** Lines that are neither requirements, options nor comments. */
  invalid: { line: number; text: string; reason: string }[];
  /** Options pip would reject; they add no package. */
  unknownOptions: { line: number; option: string }[];
}

/** Parses the text of one requirements file (`.txt` lock or `.in` input). Never throws. */
export function parseRequirementsDocument(content: string): RequirementsDocument {
  const doc: RequirementsDocument = {
    entries: [],
    includes: [],
    annotated: false,
    invalid: [],
    unknownOptions: [],
  };
  const lines = readLogicalLines(content);
  doc.generator = generatorOf(lines);
  // The requirement the following indented `# via` comments belong to, and whether a
  // multi-line `# via` list is open.
  let current: RequirementEntry | undefined;
  let listOpen = false;
  for (const logical of lines) {
    if (logical.text === "") {
      if (current && logical.indented && logical.comment !== undefined) {
        listOpen = readViaComment(current, logical.comment, listOpen, doc);
      } else {
        current = undefined;
        listOpen = false;
      }
      continue;
    }
    current = undefined;
    listOpen = false;
    const parsed = parseRequirementLine(logical.text);
    switch (parsed.kind) {
      case "requirement": {
        const entry: RequirementEntry = {
          line: logical.line,
          text: logical.text,
          requirement: parsed.requirement,
        };
        doc.entries.push(entry);
        current = entry;
        // Old pip-compile puts `# via a, b` on the requirement line (or after the last `\`).
        if (logical.comment !== undefined) listOpen = readViaComment(entry, logical.comment, false, doc);
        break;
      }
      case "include":
        doc.includes.push({ line: logical.line, path: parsed.path, constraint: parsed.constraint });
        break;
      case "option":
        break;
      case "unknown-option":
        doc.unknownOptions.push({ line: logical.line, option: parsed.option });
        break;
      case "invalid":
        doc.invalid.push({ line: logical.line, text: logical.text, reason: parsed.reason });
        break;
    }
  }
  return doc;
}

/**
 * Reads one comment after (or on) a requirement line. `via x` and `via x, y` are complete;
 * a bare `via` opens a list whose items follow as `#   x` comments. Returns whether a list is open.
 */
function readViaComment(
  entry: RequirementEntry,
  comment: string,
  listOpen: boolean,
  doc: RequirementsDocument,
): boolean {
  const trimmed = comment.trim();
  if (trimmed === "via") {
    entry.via ??= { packages: [], inputs: [], constraints: [] };
    doc.annotated = true;
    return true;
  }
  if (trimmed.startsWith("via ")) {
    entry.via ??= { packages: [], inputs: [], constraints: [] };
    doc.annotated = true;
    for (const item of trimmed.slice(4).split(",")) addViaItem(entry.via, item);
    return false;
  }
  if (listOpen && entry.via && trimmed !== "") {
    addViaItem(entry.via, trimmed);
    return true;
  }
  return false;
}

function addViaItem(via: ViaAnnotation, raw: string): void {
  // pip's "comes from" form can end in "(line 12)"; the file is what matters.
  const item = raw.trim().replace(/\s+\(line \d+\)$/, "");
  if (item === "") return;
  if (item.startsWith("-r ")) via.inputs.push(item.slice(3).trim());
  else if (item.startsWith("-c ")) via.constraints.push(item.slice(3).trim());
  else if (/^\S+ \(.+\)$/.test(item)) via.inputs.push(item.slice(item.indexOf("(") + 1, -1));
  else via.packages.push(item.replace(/\[.*\]$/, ""));
}

function generatorOf(lines: LogicalLine[]): string | undefined {
  // The header sits in the leading comment block; stop at the first requirement.
  for (const logical of lines) {
    if (logical.text !== "") return undefined;
    const comment = logical.comment ?? "";
    if (/autogenerated by pip-compile/i.test(comment)) return "pip-compile";
    if (/autogenerated by uv\b/i.test(comment)) return "uv-pip-compile";
  }
  return undefined;
}
