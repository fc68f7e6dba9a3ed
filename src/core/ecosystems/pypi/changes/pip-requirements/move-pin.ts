import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { LockkeeperError } from "../../../../errors.js";
import { normalisePypiName } from "../../names.js";
import type { PypiIndexClient } from "../../registry/pypi-index-client.js";
import { parseRequirementLine } from "../../requirements/requirement-line.js";
import { releaseHashes } from "../pip-tools/compile-keeping-pins.js";
import { logicalLineRanges } from "../pip-tools/line-ranges.js";

/**
 * Moves a package's exact pin in a hand-maintained requirements file (no pip-tools `.in` behind
 * it) to `to`, in place, as Dependabot does: the version after `==`, and when the entry carries
 * `--hash` options, the hashes of the new release instead, one per continued line. Comments,
 * markers, extras and every other line stay as they are. Throws USAGE when the file does not
 * pin the package with `==` on exactly one line.
 */
export function movePin(text: string, name: string, to: string, hashes: readonly string[]): string {
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const lines = text.split(/\r?\n/);
  const wanted = normalisePypiName(name);
  const pins = logicalLineRanges(lines).flatMap((range) => {
    const parsed = parseRequirementLine(range.logical.text);
    if (parsed.kind !== "requirement" || !parsed.requirement.name) return [];
    if (normalisePypiName(parsed.requirement.name) !== wanted) return [];
    return [{ ...range, requirement: parsed.requirement }];
  });
  const [pin, ...others] = pins;
  const version = pin?.requirement.version;
  if (!pin || others.length > 0 || version === undefined) {
    throw new LockkeeperError(
      "USAGE",
      pins.length > 1
        ? `${name} is required on several lines: lk update moves a pin written once`
        : `${name} is not pinned with == here: there is no version to move`,
    );
  }
  const { requirement } = pin;
  if (requirement.hashes.length > 0 && hashes.length === 0) {
    throw new LockkeeperError("NOT_FOUND", `the index lists no files with hashes for ${name} ${to}`);
  }
  const requirementText = pin.logical.text.split(/\s--hash[=\s]/)[0]?.trim() ?? "";
  const moved = requirementText.replace(
    new RegExp(`(===?)\\s*${escapeRegExp(version)}(?=\\s*(?:[,;]|$))`),
    `$1${to}`,
  );
  // The comment ends the entry's last physical line; a continued entry's indent is its second line's.
  const comment = /(\s+#.*)$/.exec(lines[pin.last] ?? "")?.[1] ?? "";
  const continuation = pin.last > pin.first ? lines[pin.first + 1] : undefined;
  const indent = /^(\s+)/.exec(continuation ?? "")?.[1] ?? "    ";
  const entry =
    requirement.hashes.length === 0
      ? [`${moved}${comment}`]
      : [
          `${moved} \\`,
          ...hashes.map(
            (hash, i) => `${indent}--hash=sha256:${hash}${i < hashes.length - 1 ? " \\" : comment}`,
          ),
        ];
  lines.splice(pin.first, pin.last - pin.first + 1, ...entry);
  return lines.join(eol);
}

/** Moves each update's pin in its requirements file (relative to `dir`), hashes from the index. */
export async function movePinsInFiles(
  dir: string,
  updates: readonly { name: string; to: string; lockfile: string }[],
  index: PypiIndexClient,
): Promise<void> {
  for (const update of updates) {
    const path = join(dir, update.lockfile);
    const hashes = await releaseHashes(index, update.name, update.to);
    writeFileSync(path, movePin(readFileSync(path, "utf8"), update.name, update.to, hashes));
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
