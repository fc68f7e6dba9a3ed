import { SPDX_DEPRECATED, SPDX_EXCEPTIONS, SPDX_LICENSES } from "./spdx-list.js";

/**
 * Look-ups over the bundled SPDX licence list. SPDX ids match case-insensitively (SPDX 2.3
 * Annex D), so every look-up folds case and answers with the list's own spelling.
 */
interface SpdxTables {
  licenses: Map<string, string>;
  exceptions: Map<string, string>;
  deprecated: Set<string>;
  /** Full name (folded by nameKey) → id; names shared by several current ids are left out. */
  names: Map<string, string>;
}

let tables: SpdxTables | undefined;

/** Built on first use: most commands never normalise a licence. */
function spdxTables(): SpdxTables {
  if (tables) return tables;
  const deprecated = new Set(SPDX_DEPRECATED.split(" "));
  const licenses = new Map<string, string>();
  const names = new Map<string, string>();
  const ambiguous = new Set<string>();
  for (const [id, name] of rows(SPDX_LICENSES)) {
    licenses.set(id.toLowerCase(), id);
    if (!name || deprecated.has(id)) continue;
    const key = nameKey(name);
    if (names.has(key) && names.get(key) !== id) ambiguous.add(key);
    names.set(key, id);
  }
  for (const key of ambiguous) names.delete(key);
  const exceptions = new Map<string, string>();
  for (const [id] of rows(SPDX_EXCEPTIONS)) exceptions.set(id.toLowerCase(), id);
  tables = { licenses, exceptions, deprecated, names };
  return tables;
}

function* rows(list: string): Generator<[string, string]> {
  for (const line of list.split("\n")) {
    if (!line) continue;
    const tab = line.indexOf("\t");
    yield tab < 0 ? [line, ""] : [line.slice(0, tab), line.slice(tab + 1)];
  }
}

/** The list's spelling of a licence id (`mit` → `MIT`), or undefined when it is not on the list. */
export function canonicalLicenseId(text: string): string | undefined {
  return spdxTables().licenses.get(text.toLowerCase());
}

/** The list's spelling of an exception id, or undefined when it is not on the list. */
export function canonicalExceptionId(text: string): string | undefined {
  return spdxTables().exceptions.get(text.toLowerCase());
}

/** Whether an id (as the list spells it) is deprecated: still valid, but replaced by another. */
export function isDeprecatedLicenseId(id: string): boolean {
  return spdxTables().deprecated.has(id);
}

/** The id whose full SPDX name matches (`Apache License, Version 2.0` → `Apache-2.0`). */
export function licenseIdByName(text: string): string | undefined {
  return spdxTables().names.get(nameKey(text));
}

/**
 * Folds the spelling differences of licence names: case, "licence"/"license", commas, quotes,
 * "version"/"v" before a number, a leading "the", and a trailing ".0" on whole-number versions
 * ("Apache License, Version 2" and "Apache License 2.0" fold alike).
 */
export function nameKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/licence/g, "license")
    .replace(/["',]/g, " ")
    .replace(/\bversion\s*(?=\d)/g, " ")
    .replace(/\bv\.?\s*(?=\d)/g, " ")
    .replace(/\b(\d+)\.0(?=\s|$)/g, "$1")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^the /, "");
}
