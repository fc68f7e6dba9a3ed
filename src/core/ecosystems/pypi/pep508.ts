/**
 * A PEP 508 dependency specification: `name[extra1,extra2] (>=1,<2) ; marker` or
 * `name[extras] @ url ; marker`. Written in pyproject.toml, lockfile and wheel metadata, and
 * (with pip's options around it) in requirements files (requirements/requirement-line.ts).
 */
export interface Pep508Requirement {
  /** The name as written (not normalised). */
  name: string;
  extras: string[];
  /** Version specifiers without spaces or the optional parentheses (`>=1.2,<2`); absent when none. */
  specifier?: string;
  /** The exact version when the specifier pins one (`==1.2`, `===1.2`; not `==1.*`). */
  version?: string;
  /** Direct reference (`name @ git+https://…`). */
  url?: string;
  /** The environment marker after `;`, as written. */
  markers?: string;
}

const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?/;
const CLAUSE = /^(~=|===|==|!=|<=|>=|<|>)\s*([A-Za-z0-9._+!*-]+)$/;

/** Whether a whole text is a project or extra name. */
function isPep508Name(text: string): boolean {
  return NAME.exec(text)?.[0] === text;
}

/**
 * Parses one requirement. Returns the reason as a string when the text is not one, so callers
 * can report it instead of guessing.
 */
export function parsePep508(text: string): Pep508Requirement | string {
  const input = text.trim();
  if (input === "") return "empty requirement";
  const name = NAME.exec(input)?.[0];
  if (!name) return "not a requirement: a project name must start with a letter or digit";
  const requirement: Pep508Requirement = { name, extras: [] };
  let rest = input.slice(name.length).trimStart();
  if (rest.startsWith("[")) {
    const close = rest.indexOf("]");
    if (close < 0) return "unclosed extras bracket";
    const extras = splitExtras(rest.slice(1, close));
    if (!extras.every(isPep508Name)) return "invalid extra name";
    requirement.extras = extras;
    rest = rest.slice(close + 1).trimStart();
  }
  if (rest.startsWith("@")) {
    // The URL ends at whitespace, so a `;` inside it is not a marker separator.
    const afterAt = rest.slice(1).trimStart();
    const end = afterAt.search(/\s/);
    const url = end < 0 ? afterAt : afterAt.slice(0, end);
    if (url === "") return "`@` without a URL";
    requirement.url = url;
    rest = end < 0 ? "" : afterAt.slice(end).trimStart();
    if (rest !== "" && !rest.startsWith(";")) return `unexpected text after the URL: ${rest}`;
  } else {
    const semicolon = rest.indexOf(";");
    const reason = applySpecifier(requirement, semicolon < 0 ? rest : rest.slice(0, semicolon));
    if (reason) return reason;
    rest = semicolon < 0 ? "" : rest.slice(semicolon);
  }
  if (rest === "") return requirement;
  if (!rest.startsWith(";")) return `unexpected text: ${rest}`;
  const markers = rest.slice(1).trim();
  if (markers === "") return "empty environment marker after `;`";
  requirement.markers = markers;
  return requirement;
}

/** `a, b` inside extras brackets, empty items dropped. */
export function splitExtras(text: string): string[] {
  return text
    .split(",")
    .map((extra) => extra.trim())
    .filter((extra) => extra !== "");
}

function applySpecifier(requirement: Pep508Requirement, raw: string): string | undefined {
  let specifier = raw.trim();
  if (specifier.startsWith("(") && specifier.endsWith(")")) specifier = specifier.slice(1, -1).trim();
  if (specifier === "") return undefined;
  const clauses = specifier.split(",").map((clause) => clause.trim());
  for (const clause of clauses) {
    const [, operator, version] = CLAUSE.exec(clause) ?? [];
    if (operator === undefined || version === undefined) return `invalid version specifier "${clause}"`;
    if ((operator === "==" && !version.endsWith("*")) || operator === "===") requirement.version ??= version;
  }
  requirement.specifier = clauses.map((clause) => clause.replace(/\s+/g, "")).join(",");
  return undefined;
}
