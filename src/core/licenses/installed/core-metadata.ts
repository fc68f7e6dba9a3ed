/**
 * Python core metadata (`METADATA` in a .dist-info, `PKG-INFO` in an .egg-info): RFC 822 style
 * headers up to the first blank line. Header names are case-insensitive and may repeat
 * (`Classifier`); a line starting with whitespace continues the previous value, which is how a
 * multi-line `License` text is written (setuptools indents it, sometimes with a `|` margin).
 */
export function parseCoreMetadata(text: string): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  let last: { name: string; index: number } | undefined;
  for (const line of text.split(/\r?\n/)) {
    // Only an empty line ends the headers: a blank line inside a multi-line value is indented.
    if (line === "") break;
    if (/^[ \t]/.test(line)) {
      if (!last) continue;
      const values = headers.get(last.name) as string[];
      values[last.index] += `\n${line.trim().replace(/^\|/, "")}`;
      continue;
    }
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const values = headers.get(name) ?? [];
    values.push(line.slice(colon + 1).trim());
    headers.set(name, values);
    last = { name, index: values.length - 1 };
  }
  return headers;
}
