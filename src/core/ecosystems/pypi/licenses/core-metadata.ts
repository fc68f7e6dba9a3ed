/**
 * Python core metadata (`METADATA` in a .dist-info, `PKG-INFO` in an .egg-info): RFC 822 style
 * headers up to the first blank line. Header names are case-insensitive and may repeat
 * (`Classifier`); a line starting with whitespace continues the previous value, which is how a
 * multi-line `License` text is written (setuptools indents it, sometimes with a `|` margin).
 */
export function parseCoreMetadata(text: string): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  // The header being read: continuation lines still belong to it.
  let current: { name: string; value: string } | undefined;
  const store = (): void => {
    if (!current) return;
    const values = headers.get(current.name);
    if (values) values.push(current.value);
    else headers.set(current.name, [current.value]);
  };
  for (const line of text.split(/\r?\n/)) {
    // Only an empty line ends the headers: a blank line inside a multi-line value is indented.
    if (line === "") break;
    if (/^[ \t]/.test(line)) {
      if (current) current.value += `\n${line.trim().replace(/^\|/, "")}`;
      continue;
    }
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    store();
    current = { name: line.slice(0, colon).trim().toLowerCase(), value: line.slice(colon + 1).trim() };
  }
  store();
  return headers;
}
