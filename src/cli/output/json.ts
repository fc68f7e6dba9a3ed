/** A JSON document as every `-f json` output prints it: two-space indentation, a final newline. */
export function renderJson(document: unknown): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
