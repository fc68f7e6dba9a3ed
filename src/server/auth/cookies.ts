/**
 * The cookies of a `Cookie` header (RFC 6265 §5.4: `name=value` pairs separated by `; `). The first
 * of a repeated name wins, as browsers send the most specific path first. Values are not decoded:
 * Lockkeeper's own cookies are base64url, which needs no decoding.
 */
export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (!header) return cookies;
  for (const pair of header.split(";")) {
    const equals = pair.indexOf("=");
    if (equals < 0) continue;
    const name = pair.slice(0, equals).trim();
    let value = pair.slice(equals + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    if (name && !cookies.has(name)) cookies.set(name, value);
  }
  return cookies;
}
