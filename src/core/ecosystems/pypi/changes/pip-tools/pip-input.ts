import { existsSync, writeFileSync } from "node:fs";
import { basename, dirname, isAbsolute, join, resolve } from "node:path";
import { includePath } from "../../requirements/layering.js";
import { type PipRequirement, parseRequirementLine } from "../../requirements/requirement-line.js";
import type { InputTree } from "./input-tree.js";
import { logicalLineRanges } from "./line-ranges.js";

/** The layer's files as pip is given them, and how to name them back in messages. */
export interface PipInput {
  /** The copy of the layer's `.in` to pass to `pip install -r`. */
  entry: string;
  /** Copy path → the project path it stands for. */
  renames: [copy: string, original: string][];
}

/**
 * Copies a layer's files into `workDir` for pip. pip-compile reads `-c main.txt` itself; pip
 * refuses much of what a compiled lock holds when it is a constraint file (`--hash` switches the
 * whole run into hash-checking mode, where the unpinned `.in` lines fail; extras, editables and
 * unnamed URLs are errors). So constraint copies keep only name, version range and marker, and
 * `-r`/`-c` lines point at the copies, `--find-links` paths that pip would take relative to the
 * original file are made absolute; every other line is kept, on the same line number, so pip's
 * messages still point at the right line.
 */
export function writePipInput(tree: InputTree, workDir: string, projectDir: string): PipInput {
  const copyOf = (path: string, index: number) =>
    join(workDir, `${index}-${path.slice(path.lastIndexOf("/") + 1)}`);
  const copies = new Map(tree.map((file, index) => [file.path, copyOf(file.path, index)]));
  for (const [index, file] of tree.entries()) {
    const lines = file.content.split("\n");
    for (const { logical, first, last } of logicalLineRanges(lines)) {
      if (logical.text === "") continue;
      const parsed = parseRequirementLine(logical.text);
      let replacement: string | undefined;
      if (parsed.kind === "include") {
        const copy = copies.get(includePath(file.path, parsed.path));
        // The copies sit side by side: a bare name needs no quoting, whatever the temp path holds.
        if (copy) replacement = `${parsed.constraint ? "-c" : "-r"} ${basename(copy)}`;
      } else if (parsed.kind === "requirement" && file.role === "constraint") {
        replacement = asConstraint(parsed.requirement);
      } else if (parsed.kind === "option" && (parsed.option === "-f" || parsed.option === "--find-links")) {
        replacement = findLinksForCopy(logical.text, file.path, projectDir);
      }
      if (replacement === undefined) continue;
      lines.splice(first, last - first + 1, replacement, ...Array<string>(last - first).fill(""));
    }
    writeFileSync(copyOf(file.path, index), lines.join("\n"));
  }
  return {
    entry: copyOf(tree[0].path, 0),
    renames: [...copies].map(([original, copy]) => [copy, original]),
  };
}

/** What pip accepts as a constraint; "" (a blank line) for entries it would refuse outright. */
function asConstraint(requirement: PipRequirement): string {
  if (requirement.editable || !requirement.name) return "";
  const marker = requirement.markers ? ` ; ${requirement.markers}` : "";
  if (requirement.url !== undefined) return `${requirement.name} @ ${requirement.url}${marker}`;
  return `${requirement.name}${requirement.specifier ?? ""}${marker}`;
}

/**
 * pip reads a relative `--find-links` path relative to the requirements file when it exists there
 * (else relative to the working directory, which stays the project's): the copy needs it absolute.
 */
function findLinksForCopy(text: string, file: string, projectDir: string): string | undefined {
  const [, option, value] = /^(-f|--find-links)(?:=|\s+)?(\S+)$/.exec(text) ?? [];
  if (option === undefined || value === undefined) return undefined;
  if (isAbsolute(value) || /^[A-Za-z][A-Za-z0-9+.-]*:/.test(value)) return undefined;
  const besideFile = resolve(projectDir, dirname(file), value);
  if (!existsSync(besideFile)) return undefined;
  return `${option} ${/\s/.test(besideFile) ? JSON.stringify(besideFile) : besideFile}`;
}
