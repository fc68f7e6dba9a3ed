/** A PEP 508 dependency specification, as written in pyproject.toml and lockfile metadata. */
export interface Pep508Requirement {
  /** The name as written (not normalised). */
  name: string;
  extras: string[];
  /** Version specifiers without the optional parentheses (`>=1.2,<2`); absent when none. */
  specifier?: string;
  /** Direct reference (`name @ git+https://…`). */
  url?: string;
  marker?: string;
}

const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?/;
const SPECIFIER_START = /^(?:[<>=!~]|===)/;

/**
 * Parses `name[extra1,extra2] (>=1,<2) ; marker` or `name @ url ; marker`. Returns undefined
 * for text that is not a requirement, so callers can report it instead of guessing.
 */
export function parsePep508(text: string): Pep508Requirement | undefined {
  const input = text.trim();
  const name = NAME.exec(input)?.[0];
  if (!name) return undefined;
  let rest = input.slice(name.length).trimStart();
  const requirement: Pep508Requirement = { name, extras: [] };
  if (rest.startsWith("[")) {
    const close = rest.indexOf("]");
    if (close < 0) return undefined;
    requirement.extras = rest
      .slice(1, close)
      .split(",")
      .map((extra) => extra.trim())
      .filter((extra) => extra !== "");
    rest = rest.slice(close + 1).trimStart();
  }
  if (rest.startsWith("@")) {
    // A URL ends at whitespace (PEP 508), so a `;` inside it is not a marker separator.
    const afterAt = rest.slice(1).trimStart();
    const end = afterAt.search(/\s/);
    const url = end < 0 ? afterAt : afterAt.slice(0, end);
    if (url === "") return undefined;
    requirement.url = url;
    rest = end < 0 ? "" : afterAt.slice(end).trimStart();
  } else {
    const semicolon = rest.indexOf(";");
    let specifier = (semicolon < 0 ? rest : rest.slice(0, semicolon)).trim();
    rest = semicolon < 0 ? "" : rest.slice(semicolon);
    if (specifier.startsWith("(") && specifier.endsWith(")")) specifier = specifier.slice(1, -1).trim();
    if (specifier !== "") {
      if (!SPECIFIER_START.test(specifier)) return undefined;
      requirement.specifier = specifier.replace(/\s+/g, "");
    }
  }
  if (rest.startsWith(";")) {
    const marker = rest.slice(1).trim();
    if (marker !== "") requirement.marker = marker;
  } else if (rest !== "") {
    return undefined;
  }
  return requirement;
}
