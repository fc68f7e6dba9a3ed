import type { TomlTable } from "./read-toml.js";

/** Small checks for values read from TOML: lockfiles are external data, so nothing is assumed. */
export function isTable(value: unknown): value is TomlTable {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

export function tableOf(value: unknown): TomlTable | undefined {
  return isTable(value) ? value : undefined;
}

export function stringOf(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** The strings of an array, ignoring anything else (callers report what they need). */
export function stringsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

export function arrayOf(value: unknown): unknown[] | undefined {
  return Array.isArray(value) ? value : undefined;
}

/** Nested table by dotted path (`tool.poetry.group`), undefined when any step is not a table. */
export function tableAt(root: TomlTable, ...path: string[]): TomlTable | undefined {
  let current: TomlTable | undefined = root;
  for (const key of path) {
    current = tableOf(current?.[key]);
    if (!current) return undefined;
  }
  return current;
}
