import { unzipSync } from "fflate";
import { parseError } from "../../errors.js";
import { documentFormat, type ReadOutcome, readOsvDocument } from "./record-reader.js";

/**
 * Reads every OSV record in a zip archive (OSV's per-ecosystem `all.zip`, or any zip of `.json`
 * / `.yaml` records, in folders or not), in entry-name order. `label` names the archive in
 * origins (`all.zip:PYSEC-2021-1.json`). A damaged archive throws a PARSE error naming it; a bad
 * record inside a good archive is `rejected` like any other file.
 */
export function* readOsvZip(archive: Uint8Array, label: string): Generator<ReadOutcome> {
  let files: Record<string, Uint8Array>;
  try {
    // The filter keeps fflate from inflating entries that are not records.
    files = unzipSync(archive, { filter: (file) => isRecordEntry(file.name) });
  } catch (error: unknown) {
    throw parseError(label, `not a readable zip archive: ${(error as Error).message}`, undefined, error);
  }
  const names = Object.keys(files).sort();
  for (const name of names) {
    const format = documentFormat(name);
    const content = files[name];
    if (!format || !content) continue;
    // Drop the reference as we go: a large archive's records need not all stay alive.
    delete files[name];
    yield readOsvDocument(content, `${label}:${name}`, format);
  }
}

function isRecordEntry(name: string): boolean {
  if (name.endsWith("/")) return false;
  const base = name.slice(name.lastIndexOf("/") + 1);
  // macOS archivers add `__MACOSX/._name` resource forks; dotfiles are never records.
  if (base.startsWith(".") || name.startsWith("__MACOSX/")) return false;
  return documentFormat(base) !== undefined;
}
