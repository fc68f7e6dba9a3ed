/**
 * Whether a licence string can be written as an SPDX licence expression (CycloneDX `expression`,
 * SPDX `licenseDeclared`) rather than as a free-text name.
 *
 * The check is syntactic (SPDX 2.3 Annex D: ids, `+`, `WITH`, `AND`, `OR`, parentheses): the
 * SPDX licence list is not bundled here. Legacy npm values that look like ids but are not
 * ("BSD", "UNLICENSED") are rejected so they travel as names instead of as invalid expressions.
 */
export function isSpdxExpression(text: string): boolean {
  const tokens = text.match(/\(|\)|[^\s()]+/g);
  if (!tokens) return false;
  let position = 0;

  const compound = (): boolean => {
    if (!simpleOrParenthesised()) return false;
    while (tokens[position] === "AND" || tokens[position] === "OR") {
      position++;
      if (!simpleOrParenthesised()) return false;
    }
    return true;
  };
  const simpleOrParenthesised = (): boolean => {
    const token = tokens[position];
    if (token === "(") {
      position++;
      if (!compound() || tokens[position] !== ")") return false;
      position++;
      return true;
    }
    if (!token || !isLicenseId(token)) return false;
    position++;
    if (tokens[position] === "WITH") {
      position++;
      const exception = tokens[position];
      if (!exception || !ID.test(exception)) return false;
      position++;
    }
    return true;
  };

  return compound() && position === tokens.length;
}

const ID = /^[A-Za-z0-9][A-Za-z0-9.-]*$/;
const REF = /^(?:DocumentRef-[A-Za-z0-9.-]+:)?LicenseRef-[A-Za-z0-9.-]+$/;
const OPERATORS = new Set(["AND", "OR", "WITH"]);
/** Values npm and PyPI metadata use that are not on the SPDX list. */
const NOT_SPDX = new Set([
  "bsd",
  "gpl",
  "lgpl",
  "agpl",
  "mpl",
  "apache",
  "unlicensed",
  "none",
  "noassertion",
]);

function isLicenseId(token: string): boolean {
  if (REF.test(token)) return true;
  const id = token.endsWith("+") ? token.slice(0, -1) : token;
  return ID.test(id) && !OPERATORS.has(id) && !NOT_SPDX.has(id.toLowerCase());
}
