/** PEP 503: runs of `-`, `_` and `.` become one `-`, and the name is lowercased. */
export function normalisePypiName(name: string): string {
  if (isNormalised(name)) return name;
  return name
    .trim()
    .replace(/[-_.]+/g, "-")
    .toLowerCase();
}

/**
 * Whether a name is already in its normal form: lower-case letters, digits and single `-`. Most
 * names in a lock are, and parsers normalise every name and reference they read.
 */
function isNormalised(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) continue;
    if (c === 45 && name.charCodeAt(i - 1) !== 45) continue;
    return false;
  }
  return true;
}
