/** PEP 503: runs of `-`, `_` and `.` become one `-`, and the name is lowercased. */
export function normalisePypiName(name: string): string {
  return name
    .trim()
    .replace(/[-_.]+/g, "-")
    .toLowerCase();
}
