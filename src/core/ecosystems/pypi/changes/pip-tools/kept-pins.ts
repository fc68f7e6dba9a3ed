import { normalisePypiName } from "../../names.js";
import { parseRequirementsDocument } from "../../requirements/requirements-document.js";

/**
 * The constraints file that keeps a layer's current pins while one requirement is added. It only
 * ever exists in the scratch copy, next to the `.in` that names it with `-c`.
 */
export const KEPT_PINS_FILE = ".lockkeeper-kept-pins.txt";

/**
 * `name==version ; marker` for every exact pin of a compiled lock except those named in `except`
 * (PEP 503 names): pip's resolver takes the newest release of everything it is given, so without these
 * an added line would move unrelated pins. Direct references (`name @ url`) are left out.
 */
export function keptPinConstraints(lockText: string, except: string | readonly string[]): string[] {
  const skipped = new Set((typeof except === "string" ? [except] : except).map(normalisePypiName));
  const lines: string[] = [];
  for (const { requirement } of parseRequirementsDocument(lockText).entries) {
    if (!requirement.name || requirement.version === undefined || requirement.url !== undefined) continue;
    if (skipped.has(normalisePypiName(requirement.name))) continue;
    const marker = requirement.markers ? ` ; ${requirement.markers}` : "";
    lines.push(`${requirement.name}==${requirement.version}${marker}`);
  }
  return lines;
}

const SINGLE = /^(\s*)# via (.+)$/;
const OPEN = /^(\s*)# via$/;
const ITEM = /^\s*#\s{3}(.+)$/;

/**
 * Removes one source from the `# via` annotations of a compiled lock (pip-compile's and uv's
 * layout: `# via x` for one source, `# via` then `#   x` lines for several), rewriting what is
 * left in the same layout, so the lock reads as if that source never was.
 */
export function withoutViaSource(lockText: string, isSource: (item: string) => boolean): string {
  const out: string[] = [];
  const write = (indent: string, items: readonly string[]): void => {
    const kept = items.filter((item) => !isSource(item));
    if (kept.length === 1) out.push(`${indent}# via ${kept[0]}`);
    else if (kept.length > 1) out.push(`${indent}# via`, ...kept.map((item) => `${indent}#   ${item}`));
  };
  // A `# via` line whose `#   item` lines are being read.
  let open: { indent: string; items: string[] } | undefined;
  for (const line of lockText.split("\n")) {
    if (open) {
      const [, item] = ITEM.exec(line) ?? [];
      if (item !== undefined) {
        open.items.push(item.trim());
        continue;
      }
      write(open.indent, open.items);
      open = undefined;
    }
    const [, indent = "", single] = SINGLE.exec(line) ?? [];
    const [, openIndent] = OPEN.exec(line) ?? [];
    if (single !== undefined) write(indent, [single.trim()]);
    else if (openIndent !== undefined) open = { indent: openIndent, items: [] };
    else out.push(line);
  }
  if (open) write(open.indent, open.items);
  return out.join("\n");
}
