import type { Secrets } from "../../../config/secrets.js";

/**
 * The `.npmrc` file syntax as npm reads it (the `ini` package plus npm's `${VAR}` expansion), for
 * the top-level `key=value` settings. Values under a `[section]` are not npm settings and are
 * skipped; `true`/`false`/`null` stay strings because every setting read here is a string.
 */
export function parseNpmrc(text: string, secrets: Secrets, file = ".npmrc"): Map<string, string> {
  const purpose = `\${…} in ${file}`;
  const settings = new Map<string, string>();
  let inSection = false;
  for (const line of text.split(/[\r\n]+/)) {
    if (/^\s*([;#]|$)/.test(line)) continue;
    const section = /^\[([^\]]*)\]\s*$/.exec(line);
    if (section) {
      inSection = true;
      continue;
    }
    const equals = line.indexOf("=");
    if (inSection || equals <= 0) continue;
    const key = expandEnv(unquote(line.slice(0, equals)), secrets, purpose);
    if (key === "" || key === "__proto__") continue;
    settings.set(key, expandEnv(unquote(line.slice(equals + 1)), secrets, purpose));
  }
  return settings;
}

/**
 * npm's `${NAME}` expansion: an unset variable stays as written, `${NAME?}` becomes empty when
 * unset, and a backslash before `$` keeps the text literal (pairs of backslashes collapse).
 * Variables are read through `secrets`, `purpose` saying where they were asked for.
 */
export function expandEnv(text: string, secrets: Secrets, purpose: string): string {
  return text.replace(
    /(?<!\\)(\\*)\$\{([^${}?]+)(\?)?\}/g,
    (whole, escapes: string, name: string, optional) => {
      if (escapes.length % 2 === 1) return whole.slice((escapes.length + 1) / 2);
      const value = secrets.read(name, purpose) ?? (optional ? "" : `\${${name}}`);
      return escapes.slice(escapes.length / 2) + value;
    },
  );
}

/**
 * A key or value as `ini` reads it: quoted text is JSON-decoded (single quotes just removed);
 * unquoted text ends at the first `;` or `#` not escaped with a backslash.
 */
function unquote(raw: string): string {
  const text = raw.trim();
  const quoted =
    text.length >= 2 &&
    ((text.startsWith('"') && text.endsWith('"')) || (text.startsWith("'") && text.endsWith("'")));
  if (quoted) {
    const inner = text.startsWith("'") ? text.slice(1, -1) : text;
    try {
      const decoded: unknown = JSON.parse(inner);
      return typeof decoded === "string" ? decoded : inner;
    } catch {
      return inner;
    }
  }
  let result = "";
  let escaped = false;
  for (const char of text) {
    if (escaped) {
      result += ";#\\".includes(char) ? char : `\\${char}`;
      escaped = false;
    } else if (char === ";" || char === "#") break;
    else if (char === "\\") escaped = true;
    else result += char;
  }
  return (escaped ? `${result}\\` : result).trim();
}
